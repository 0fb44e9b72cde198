// MedXAI: meibomian gland analysis for every image in a folder.
//
// medxai-imagej --headless -batch meibography_folder.ijm 'input=DIR output=DIR [model=FILE] [lid=auto|upper|lower] [cutoffs=A,B,C] [device=auto] [existing=refuse] [shard=K/N]'
// Writes for every image NAME.ext: output/NAME_eyelid.png and output/NAME_glands.png (8-bit 0/255, the image's
// size), output/meibography.csv (file, status, side, eyelid_area, gland_area, gland_area_ratio, dropout_percent,
// meiboscore, meiboscale, gland_count, mean gland length/width/tortuosity, rule, message) and output/glands.csv
// (one row per gland); every row records the model (name and SHA-256 of its card). A bad file is reported
// (status=error) and skipped. Defaults: the bundled segmenter, lid=auto (UPPER/LOWER read from the file name), the
// model's fitted meiboscore cut-offs, device=auto. See docs/MEIBOGRAPHY.md.
// existing=refuse stops when output/ already holds results; resume keeps the files done; overwrite replaces them.
// shard=K/N runs part K of N of the folder (a cluster job array); Merge MedXAI Batch Shards joins the parts.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "input output model lid cutoffs device existing shard") != "") exit();
input = call("org.medxai.ij1.MacroArguments.value", args, "input", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (input == "" || output == "")
	exit("Usage: meibography_folder.ijm 'input=DIR output=DIR [model=FILE] [lid=auto] [cutoffs=A,B,C]'");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", "");
lid = call("org.medxai.ij1.MacroArguments.value", args, "lid", "auto");
cutoffs = call("org.medxai.ij1.MacroArguments.value", args, "cutoffs", "");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
existing = call("org.medxai.ij1.MacroArguments.value", args, "existing", "refuse");
shard = call("org.medxai.ij1.MacroArguments.value", args, "shard", "");
setBatchMode(true);
run("Analyze Meibography Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + output
	+ "] model_file=[" + model + "] lid=" + lid + " cutoffs=[" + cutoffs + "] device=" + device
	+ " existing_results=" + existing + " shard=[" + shard + "]");

// MedXAI: meibomian gland analysis for every image in a folder.
//
// medxai-imagej --headless -batch meibography_folder.ijm 'input=DIR output=DIR [model=FILE] [lid=auto|upper|lower] [cutoffs=A,B,C] [device=auto]'
// Writes for every image NAME.ext: output/NAME_eyelid.png and output/NAME_glands.png (8-bit 0/255, the image's
// size), output/meibography.csv (file, status, side, eyelid_area, gland_area, gland_area_ratio, dropout_percent,
// meiboscore, meiboscale, gland_count, mean gland length/width/tortuosity, rule, message) and output/glands.csv
// (one row per gland). A bad file is reported (status=error) and skipped. See docs/MEIBOGRAPHY.md.

args = getArgument();
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
if (input == "" || output == "")
	exit("Usage: meibography_folder.ijm 'input=DIR output=DIR [model=FILE] [lid=auto] [cutoffs=A,B,C]'");
model = call("ij.Macro.getValue", args, "model", "");
lid = call("ij.Macro.getValue", args, "lid", "auto");
cutoffs = call("ij.Macro.getValue", args, "cutoffs", "");
device = call("ij.Macro.getValue", args, "device", "auto");
setBatchMode(true);
run("Analyze Meibography Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + output
	+ "] model_file=[" + model + "] lid=" + lid + " cutoffs=[" + cutoffs + "] device=" + device);

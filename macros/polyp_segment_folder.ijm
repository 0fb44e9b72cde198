// MedXAI: polyp masks from class activation maps for every image in a folder.
//
// medxai-imagej --headless -batch polyp_segment_folder.ijm 'input=DIR output=DIR [truth=DIR] [model=FILE] [method=gradcam] [rule=threshold:0.001] [cleanup=none|fill_largest] [device=auto] [existing=refuse] [shard=K/N]'
// Writes for every image NAME.ext: output/NAME_mask.png (0/255, same size), output/NAME_cam.tif
// (32-bit, 0..1) and output/segmentation.csv; with truth=DIR also output/evaluation.csv
// (Dice, IoU, precision, recall, accuracy per image and their means). Bad files are reported and skipped.
// Defaults (method gradcam, rule threshold:0.001: the map above 0.1 % of its peak, clean-up none; fill_largest
// removes parts under 1 %, fills holes, keeps the largest part; target class polyp, device auto) were chosen on
// validation polyps with the bundled model:
// see docs/CAM.md. Every row records the model (name and SHA-256 of its card).
// existing=refuse stops when output/ already holds results; resume keeps the files done; overwrite replaces them.
// shard=K/N runs part K of N of the folder (a cluster job array); Merge MedXAI Batch Shards joins the parts.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "input output truth model method rule cleanup device existing shard") != "")
	exit();
input = call("org.medxai.ij1.MacroArguments.value", args, "input", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (input == "" || output == "")
	exit("Usage: polyp_segment_folder.ijm 'input=DIR output=DIR [truth=DIR] [model=FILE] [method=...] [rule=...]'");
truth = call("org.medxai.ij1.MacroArguments.value", args, "truth", "");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", "");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
method = call("org.medxai.ij1.MacroArguments.value", args, "method", "");
rule = call("org.medxai.ij1.MacroArguments.value", args, "rule", "");
cleanup = call("org.medxai.ij1.MacroArguments.value", args, "cleanup", "none");
existing = call("org.medxai.ij1.MacroArguments.value", args, "existing", "refuse");
shard = call("org.medxai.ij1.MacroArguments.value", args, "shard", "");
if (cleanup != "fill_largest" && cleanup != "none") exit("cleanup must be fill_largest or none (got " + cleanup + ")");
options = "input_folder=[" + input + "] output_folder=[" + output + "] truth_folder=[" + truth
	+ "] model_file=[" + model + "] target_class=polyp device=" + device + " existing_results=" + existing
	+ " shard=[" + shard + "]";
// ImageJ reads an absent checkbox key as "off": state the clean-up explicitly
if (cleanup == "fill_largest") options = options + " min_area_percent=1 fill_holes largest_only";
else options = options + " min_area_percent=0";
if (method != "") options = options + " method=" + method;
if (rule != "") options = options + " rule=[" + rule + "]";
setBatchMode(true);
run("Segment Polyp Folder with MedXAI", options);

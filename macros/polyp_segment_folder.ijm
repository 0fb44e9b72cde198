// MedXAI: polyp masks from class activation maps for every image in a folder.
//
// medxai-imagej --headless -batch polyp_segment_folder.ijm 'input=DIR output=DIR [truth=DIR] [model=FILE] [method=gradcam] [rule=percentile:75] [cleanup=fill_largest|none] [device=auto]'
// Writes for every image NAME.ext: output/NAME_mask.png (0/255, same size), output/NAME_cam.tif
// (32-bit, 0..1) and output/segmentation.csv; with truth=DIR also output/evaluation.csv
// (Dice, IoU, precision, recall, accuracy per image and their means). Bad files are reported and skipped.
// Defaults (gradcam++, otsu, clean-up fill_largest: parts under 1 % removed, holes filled, largest
// part kept) are the best measured on held-out polyps with the bundled model: see docs/CAM.md.

args = getArgument();
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
if (input == "" || output == "")
	exit("Usage: polyp_segment_folder.ijm 'input=DIR output=DIR [truth=DIR] [model=FILE] [method=...] [rule=...]'");
truth = call("ij.Macro.getValue", args, "truth", "");
model = call("ij.Macro.getValue", args, "model", "");
device = call("ij.Macro.getValue", args, "device", "auto");
method = call("ij.Macro.getValue", args, "method", "");
rule = call("ij.Macro.getValue", args, "rule", "");
cleanup = call("ij.Macro.getValue", args, "cleanup", "fill_largest");
options = "input_folder=[" + input + "] output_folder=[" + output + "] truth_folder=[" + truth
	+ "] model_file=[" + model + "] target_class=polyp device=" + device;
// ImageJ reads an absent checkbox key as "off": state the clean-up explicitly
if (cleanup == "fill_largest") options = options + " min_area_percent=1 fill_holes largest_only";
else options = options + " min_area_percent=0";
if (method != "") options = options + " method=" + method;
if (rule != "") options = options + " rule=[" + rule + "]";
setBatchMode(true);
run("Segment Polyp Folder with MedXAI", options);

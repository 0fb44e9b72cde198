// MedXAI: classify every image file in a folder.
//
// Headless:  medxai-imagej --headless -batch classify_folder.ijm 'input=DIR output=DIR [model=FILE] [device=auto] [batch=8] [existing=refuse] [shard=K/N]'
// Fiji:      ImageJ-linux64 --headless -batch classify_folder.ijm 'input=DIR output=DIR ...'
// Writes output/classification.csv: file, slice, status, label, p_<class> per class, message, model, model_sha256,
// a row as each file finishes. A file that cannot be read is reported there (status=error) and skipped; a cut-short
// file is classified and flagged (status=warning). Defaults: the bundled polyp model, device=auto, batch=8.
// existing=refuse stops when output/ already holds results; resume keeps the files done; overwrite replaces them.
// shard=K/N runs part K of N of the folder (a cluster job array); Merge MedXAI Batch Shards joins the parts.
// Without arguments (interactive), asks for the folders.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "input output model device batch existing shard") != "") exit();
input = call("org.medxai.ij1.MacroArguments.value", args, "input", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", "");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
batch = call("org.medxai.ij1.MacroArguments.value", args, "batch", "8");
existing = call("org.medxai.ij1.MacroArguments.value", args, "existing", "refuse");
shard = call("org.medxai.ij1.MacroArguments.value", args, "shard", "");

if (input == "" && args == "") input = getDirectory("MedXAI: folder of images to classify");
if (output == "" && args == "") output = getDirectory("MedXAI: folder for the results");
if (input == "" || output == "")
	exit("Usage: classify_folder.ijm 'input=DIR output=DIR [model=FILE] [device=auto|cpu|gpu] [batch=8]'");

setBatchMode(true);
run("Classify Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + output
	+ "] model_file=[" + model + "] device=" + device + " batch_size=" + batch + " existing_results=" + existing
	+ " shard=[" + shard + "]");
print("MedXAI: results in " + output + File.separator + "classification.csv");

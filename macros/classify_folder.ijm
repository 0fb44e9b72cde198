// MedXAI: classify every image file in a folder.
//
// Headless:  medxai-imagej --headless -batch classify_folder.ijm 'input=DIR output=DIR [model=FILE] [device=auto] [batch=8]'
// Fiji:      ImageJ-linux64 --headless -batch classify_folder.ijm 'input=DIR output=DIR ...'
// Writes output/classification.csv: file, slice, status, label, p_<class> per class, message.
// A file that cannot be read is reported there (status=error) and skipped; the rest completes.
// Without arguments (interactive), asks for the folders.

args = getArgument();
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
model = call("ij.Macro.getValue", args, "model", "");
device = call("ij.Macro.getValue", args, "device", "auto");
batch = call("ij.Macro.getValue", args, "batch", "8");

if (input == "" && args == "") input = getDirectory("MedXAI: folder of images to classify");
if (output == "" && args == "") output = getDirectory("MedXAI: folder for the results");
if (input == "" || output == "")
	exit("Usage: classify_folder.ijm 'input=DIR output=DIR [model=FILE] [device=auto|cpu|gpu] [batch=8]'");

setBatchMode(true);
run("Classify Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + output
	+ "] model_file=[" + model + "] device=" + device + " batch_size=" + batch);
print("MedXAI: results in " + output + File.separator + "classification.csv");

// MedXAI demo: the plugin's main job on the bundled synthetic test images.
//
// medxai-imagej --headless -batch macros/demo.ijm 'images=test-images output=target/demo'
// Classifies every test image with the bundled demo model (trained on synthetic images only)
// and writes output/classification.csv plus output/engine.txt (engine and device in use), replacing the results
// of an earlier demo run in the same folder.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "images output model") != "") exit();
images = call("org.medxai.ij1.MacroArguments.value", args, "images", "test-images");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "demo-output");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", images + File.separator + "demo-model"
	+ File.separator + "model-card.json");
if (!File.isDirectory(images)) exit("MedXAI demo: no image folder " + images);
File.makeDirectory(output);

setBatchMode(true);
run("Engine and Device Info");
engine = "";
for (i = 0; i < nResults; i++)
	engine = engine + getResultString("property", i) + " = " + getResultString("value", i) + "\n";
File.saveString(engine, output + File.separator + "engine.txt");

run("Classify Folder with MedXAI", "input_folder=[" + images + "] output_folder=[" + output
	+ "] model_file=[" + model + "] device=auto batch_size=8 existing_results=overwrite");

csv = File.openAsString(output + File.separator + "classification.csv");
print(engine);
print(csv);

// MedXAI demo: what the plugin is for, on the bundled synthetic test images (and real images when given).
//
// medxai-imagej --headless -batch macros/demo.ijm 'images=test-images output=target/demo [real=DIR]'
// Writes into output/: engine.txt (engine and device in use); classification.csv (every test image with the
// demo classifier); polyp/ (Grad-CAM maps, CAM masks and their Dice against the generated masks); meibography/
// (eyelid and gland masks, dropout, meiboscore, glands); shap/ (SHAP of a model on the generated clinical table);
// and index.html, a report with the table, the CAM overlays and masks, the meibography overlays and the SHAP plots.
// real=DIR (scripts/demo.sh makes it when the shared data is present) adds the same sections on real images with the
// bundled models: DIR/polyps (+ DIR/polyp_masks), DIR/meibography and DIR/table.csv with DIR/table_target.txt;
// DIR/videos (+ DIR/video_labels.csv), when there, explained by the bundled video model into output/real/video.
// An earlier demo's results in output/ are replaced.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "images output model real") != "") exit();
images = call("org.medxai.ij1.MacroArguments.value", args, "images", "test-images");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "demo-output");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", images + File.separator + "demo-model"
	+ File.separator + "model-card.json");
real = call("org.medxai.ij1.MacroArguments.value", args, "real", "");
if (!File.isDirectory(images)) exit("MedXAI demo: no image folder " + images);
if (real != "" && !File.isDirectory(real)) exit("MedXAI demo: no folder " + real);
File.makeDirectory(output);
s = File.separator;

setBatchMode(true);
run("Engine and Device Info");
engine = "";
for (i = 0; i < nResults; i++)
	engine = engine + getResultString("property", i) + " = " + getResultString("value", i) + "\n";
File.saveString(engine, output + s + "engine.txt");

run("Classify Folder with MedXAI", "input_folder=[" + images + "] output_folder=[" + output
	+ "] model_file=[" + model + "] device=auto batch_size=8 existing_results=overwrite");

// Grad-CAM polyp masks of the synthetic images, scored against the masks they were drawn with
segmentPolyps(images, images + s + "masks", output + s + "polyp", model);
analyseMeibography(images + s + "meibography" + s + "images", output + s + "meibography",
	images + s + "meibography-demo-model" + s + "model-card.json");
// the generated outcome is linear in its log-odds: a logistic model can recover the rule it was drawn with
explainTable(images + s + "clinical" + s + "synthetic_patients.csv", "advanced_adenoma", "patient_id", "linear",
	output + s + "shap");

if (real != "") {
	File.makeDirectory(output + s + "real");
	segmentPolyps(real + s + "polyps", real + s + "polyp_masks", output + s + "real" + s + "polyp", "");
	analyseMeibography(real + s + "meibography", output + s + "real" + s + "meibography", "");
	target = String.trim(File.openAsString(real + s + "table_target.txt"));
	explainTable(real + s + "table.csv", target, "", "random_forest", output + s + "real" + s + "shap");
	if (File.isDirectory(real + s + "videos")) {
		// the folder command never overwrites its tables: an earlier demo's are removed first
		videoOut = output + s + "real" + s + "video";
		if (File.isDirectory(videoOut)) {
			old = getFileList(videoOut);
			for (i = 0; i < old.length; i++)
				File.delete(videoOut + s + old[i]);
		}
		run("Explain Video Folder with MedXAI", "input_folder=[" + real + s + "videos] output_folder=[" + videoOut
			+ "] model_file=[] method=rollout fusion=mean discard=0 top_k=6 faithfulness device=auto");
	}
}

report = call("org.medxai.ij1.DemoReports.write", output, images, real);
if (startsWith(report, "error:")) exit("MedXAI demo: " + substring(report, 6));
print(engine);
print(File.openAsString(output + s + "classification.csv"));
print("MedXAI demo report: " + report);

function segmentPolyps(input, truth, out, card) {
	if (!File.isDirectory(truth)) truth = "";
	run("Segment Polyp Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + out
		+ "] truth_folder=[" + truth + "] model_file=[" + card + "] target_class=polyp device=auto"
		+ " existing_results=overwrite shard=[] method=gradcam rule=[threshold:0.001] min_area_percent=0");
}

function analyseMeibography(input, out, card) {
	run("Analyze Meibography Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + out
		+ "] model_file=[" + card + "] lid=auto cutoffs=[] device=auto existing_results=overwrite shard=[]");
}

function explainTable(table, target, id, model, out) {
	run("Explain Table with MedXAI SHAP", "table_file=[" + table + "] target_column=[" + target
		+ "] feature_columns=[] id_column=[" + id + "] task=auto model=" + model + " trees=200 folds=5 seed=2026"
		+ " shap_rows=2000 output_folder=[" + out + "]");
}

// MedXAI: classify and explain every video of a folder with a CNN-Transformer video classifier.
//
// medxai-imagej --headless -batch explain_video_folder.ijm 'input=DIR output=DIR [model=CARD] [method=grad_attention|attention|rollout] [fusion=mean|max] [discard=0] [top=6] [faithfulness=true] [device=auto]'
// Videos (MP4, AVI, MOV, ... through FFmpeg), TIFF stacks and sub-folders of frames are each sampled evenly down to
// the model's frames and explained: output/predictions.csv (file, label, p_<class>...), output/attention.csv (file,
// frame, time, attention, rollout, grad_attention, cam_max), output/faithfulness.csv (per video and importance: the
// class score's deletion area against random deletion), and per video output/NAME_timeline.png and NAME_cam.tif (each
// frame with its Grad-CAM). A video that cannot be read is reported and skipped; existing tables are never
// overwritten. model: a video model card (empty: the bundled one). See docs/VIDEO-MODELS.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "input output model method fusion discard top faithfulness device") != "")
	exit();
input = call("org.medxai.ij1.MacroArguments.value", args, "input", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (input == "" || output == "")
	exit("Usage: explain_video_folder.ijm 'input=DIR output=DIR [model=CARD] [method=grad_attention|attention|rollout]'");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", "");
method = call("org.medxai.ij1.MacroArguments.value", args, "method", "grad_attention");
fusion = call("org.medxai.ij1.MacroArguments.value", args, "fusion", "mean");
discard = call("org.medxai.ij1.MacroArguments.value", args, "discard", "0");
top = call("org.medxai.ij1.MacroArguments.value", args, "top", "6");
faithfulness = call("org.medxai.ij1.MacroArguments.flag", args, "faithfulness", "true");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
check = "";
if (faithfulness == "true")
	check = " faithfulness";
setBatchMode(true);
run("Explain Video Folder with MedXAI", "input_folder=[" + input + "] output_folder=[" + output + "] model_file=[" + model
	+ "] method=" + method + " fusion=" + fusion + " discard=" + discard + " top_k=" + top + check + " device=" + device);

// MedXAI: train a CNN-Transformer video classifier headless.
//
// medxai-imagej --headless -batch train_video_classifier.ijm 'videos=DIR output=DIR [labels=CSV] [validation=0.2] [holdout=0] [frames=16] [size=112] [sampling=all|every:N|per_second:N] [backbone=medxai-small-cnn|medxai-resnet-small] [width=16] [tokens=128] [layers=4] [heads=4] [positions=learned|sinusoidal] [frame_epochs=6] [temporal_epochs=60] [jitter=1] [fine_tune_epochs=0] [fine_tune_lr=0.0002] [batch=16] [lr=0.001] [temporal_lr=0.0005] [patience=20] [seed=42] [name=video-classifier] [device=auto]'
// videos: one sub-folder per class (videos, TIFF stacks or folders of frames), or any folder with labels=CSV
// (file,label[,group]; a group, e.g. the patient, is never split between training, validation and held-out videos).
// Writes the model (params + model-card.json), frame-stage/, training-history.csv and training-curves.png to output.
// See docs/VIDEO-MODELS.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args,
	"videos output labels validation holdout frames size sampling backbone width tokens layers heads positions frame_epochs temporal_epochs jitter fine_tune_epochs fine_tune_lr batch lr temporal_lr patience seed name device") != "")
	exit();
videos = call("ij.Macro.getValue", args, "videos", "");
output = call("ij.Macro.getValue", args, "output", "");
if (videos == "" || output == "")
	exit("Usage: train_video_classifier.ijm 'videos=DIR output=DIR [labels=CSV] [frames=16] [size=112]'");
labels = call("ij.Macro.getValue", args, "labels", "");
validation = call("ij.Macro.getValue", args, "validation", "0.2");
holdout = call("ij.Macro.getValue", args, "holdout", "0");
frames = call("ij.Macro.getValue", args, "frames", "16");
size = call("ij.Macro.getValue", args, "size", "112");
sampling = call("ij.Macro.getValue", args, "sampling", "all");
backbone = call("ij.Macro.getValue", args, "backbone", "medxai-small-cnn");
width = call("ij.Macro.getValue", args, "width", "16");
tokens = call("ij.Macro.getValue", args, "tokens", "128");
layers = call("ij.Macro.getValue", args, "layers", "4");
heads = call("ij.Macro.getValue", args, "heads", "4");
positions = call("ij.Macro.getValue", args, "positions", "learned");
frameEpochs = call("ij.Macro.getValue", args, "frame_epochs", "6");
temporalEpochs = call("ij.Macro.getValue", args, "temporal_epochs", "60");
jitter = call("ij.Macro.getValue", args, "jitter", "1");
fineTuneEpochs = call("ij.Macro.getValue", args, "fine_tune_epochs", "0");
fineTuneLr = call("ij.Macro.getValue", args, "fine_tune_lr", "0.0002");
batch = call("ij.Macro.getValue", args, "batch", "16");
lr = call("ij.Macro.getValue", args, "lr", "0.001");
temporalLr = call("ij.Macro.getValue", args, "temporal_lr", "0.0005");
patience = call("ij.Macro.getValue", args, "patience", "20");
seed = call("ij.Macro.getValue", args, "seed", "42");
name = call("ij.Macro.getValue", args, "name", "video-classifier");
device = call("ij.Macro.getValue", args, "device", "auto");
mode = sampling;
n = "1";
colon = indexOf(sampling, ":");
if (colon > 0) {
	mode = substring(sampling, 0, colon);
	n = substring(sampling, colon + 1);
}
setBatchMode(true);
run("Train MedXAI Video Classifier", "video_folder=[" + videos + "] labels_csv=[" + labels + "] validation_fraction=" + validation
	+ " holdout_fraction=" + holdout + " output_folder=[" + output + "] model_name=[" + name + "] frame_sampling=" + mode
	+ " sampling_value=" + n + " clip_frames=" + frames + " frame_size=" + size + " backbone=" + backbone
	+ " backbone_width=" + width + " token_width=" + tokens + " layers=" + layers + " heads=" + heads + " positions=" + positions
	+ " frame_epochs=" + frameEpochs + " temporal_epochs=" + temporalEpochs + " geometric_jitter=" + jitter
	+ " fine_tune_epochs=" + fineTuneEpochs
	+ " fine_tune_learning_rate=" + fineTuneLr + " batch_size=" + batch + " learning_rate=" + lr
	+ " temporal_learning_rate=" + temporalLr + " patience=" + patience + " seed=" + seed + " device=" + device);

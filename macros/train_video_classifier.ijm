// MedXAI: train a CNN-Transformer video classifier headless.
//
// medxai-imagej --headless -batch train_video_classifier.ijm 'videos=DIR output=DIR [labels=CSV] [validation=0.2] [holdout=0] [frames=16] [size=112] [sampling=all|every:N|per_second:N] [backbone=medxai-small-cnn|medxai-resnet-small] [width=16] [tokens=128] [layers=4] [heads=4] [positions=learned|sinusoidal] [frame_epochs=6] [temporal_epochs=60] [jitter=1] [fine_tune_epochs=0] [fine_tune_lr=0.0002] [batch=16] [lr=0.001] [temporal_lr=0.0005] [patience=20] [seed=42] [members=1] [name=video-classifier] [device=auto]'
// videos: one sub-folder per class (videos, TIFF stacks or folders of frames), or any folder with labels=CSV
// (file,label[,group]; a group, e.g. the patient, is never split between training, validation and held-out videos).
// Writes the model (params + model-card.json), frame-stage/, training-history.csv and training-curves.png to output;
// members=N > 1 trains N networks (seeds seed, seed + 1000, ...) in output/memberK and writes one ensemble card in output.
// See docs/VIDEO-MODELS.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args,
	"videos output labels validation holdout frames size sampling backbone width tokens layers heads positions frame_epochs temporal_epochs jitter fine_tune_epochs fine_tune_lr batch lr temporal_lr patience seed members name device") != "")
	exit();
videos = call("org.medxai.ij1.MacroArguments.value", args, "videos", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (videos == "" || output == "")
	exit("Usage: train_video_classifier.ijm 'videos=DIR output=DIR [labels=CSV] [frames=16] [size=112]'");
labels = call("org.medxai.ij1.MacroArguments.value", args, "labels", "");
validation = call("org.medxai.ij1.MacroArguments.value", args, "validation", "0.2");
holdout = call("org.medxai.ij1.MacroArguments.value", args, "holdout", "0");
frames = call("org.medxai.ij1.MacroArguments.value", args, "frames", "16");
size = call("org.medxai.ij1.MacroArguments.value", args, "size", "112");
sampling = call("org.medxai.ij1.MacroArguments.value", args, "sampling", "all");
backbone = call("org.medxai.ij1.MacroArguments.value", args, "backbone", "medxai-small-cnn");
width = call("org.medxai.ij1.MacroArguments.value", args, "width", "16");
tokens = call("org.medxai.ij1.MacroArguments.value", args, "tokens", "128");
layers = call("org.medxai.ij1.MacroArguments.value", args, "layers", "4");
heads = call("org.medxai.ij1.MacroArguments.value", args, "heads", "4");
positions = call("org.medxai.ij1.MacroArguments.value", args, "positions", "learned");
frameEpochs = call("org.medxai.ij1.MacroArguments.value", args, "frame_epochs", "6");
temporalEpochs = call("org.medxai.ij1.MacroArguments.value", args, "temporal_epochs", "60");
jitter = call("org.medxai.ij1.MacroArguments.value", args, "jitter", "1");
fineTuneEpochs = call("org.medxai.ij1.MacroArguments.value", args, "fine_tune_epochs", "0");
fineTuneLr = call("org.medxai.ij1.MacroArguments.value", args, "fine_tune_lr", "0.0002");
batch = call("org.medxai.ij1.MacroArguments.value", args, "batch", "16");
lr = call("org.medxai.ij1.MacroArguments.value", args, "lr", "0.001");
temporalLr = call("org.medxai.ij1.MacroArguments.value", args, "temporal_lr", "0.0005");
patience = call("org.medxai.ij1.MacroArguments.value", args, "patience", "20");
seed = call("org.medxai.ij1.MacroArguments.value", args, "seed", "42");
members = call("org.medxai.ij1.MacroArguments.value", args, "members", "1");
name = call("org.medxai.ij1.MacroArguments.value", args, "name", "video-classifier");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
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
	+ " temporal_learning_rate=" + temporalLr + " patience=" + patience + " seed=" + seed + " ensemble_members=" + members + " device=" + device);

// MedXAI: train the meibography segmenter (eyelid + glands U-Net).
//
// medxai-imagej --headless -batch train_meibography.ijm 'data=DIR output=DIR [holdout=0.2] [epochs=60] [width=384] [height=192] [network=16] [ratio_weight=0] [patience=20] [seed=2026] [split_seed=2026] [device=auto] [name=meibography-segmenter] [more=DIR2;DIR3] [split=hash|stratified] [initial=MODEL_CARD] [resume=false|true]'
// DIR holds images/, eyelid_masks/, gland_masks/ (and optionally a CSV image,meiboscore). more= adds folders laid
// out the same way (e.g. the same data set at another resolution; every image is resized to the network's input,
// a meiboscore table in any folder grades all). split=hash (default) splits by the hash of each name;
// split=stratified keeps the held-out and validation fractions within every meiboscore and lid side.
// initial= continues from a segmenter of the same network width (e.g. the best checkpoint of a stopped run).
// Writes output/NAME-0000.params + model-card.json (best validation epoch) and training-history.csv.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args,
	"data output holdout epochs width height network ratio_weight seed split_seed patience device name more split initial resume") != "")
	exit();
data = call("org.medxai.ij1.MacroArguments.value", args, "data", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (data == "" || output == "")
	exit("Usage: train_meibography.ijm 'data=DIR output=DIR [holdout=0.2] [epochs=60] ...'");
holdout = call("org.medxai.ij1.MacroArguments.value", args, "holdout", "0.2");
epochs = call("org.medxai.ij1.MacroArguments.value", args, "epochs", "60");
width = call("org.medxai.ij1.MacroArguments.value", args, "width", "384");
height = call("org.medxai.ij1.MacroArguments.value", args, "height", "192");
// channels of the U-Net's first level (doubling per level)
network = call("org.medxai.ij1.MacroArguments.value", args, "network", "16");
// weight of the per-image gland-ratio loss (0: none)
ratioWeight = call("org.medxai.ij1.MacroArguments.value", args, "ratio_weight", "0");
seed = call("org.medxai.ij1.MacroArguments.value", args, "seed", "2026");
splitSeed = call("org.medxai.ij1.MacroArguments.value", args, "split_seed", "2026");
patience = call("org.medxai.ij1.MacroArguments.value", args, "patience", "20");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
name = call("org.medxai.ij1.MacroArguments.value", args, "name", "meibography-segmenter");
more = call("org.medxai.ij1.MacroArguments.value", args, "more", "");
splitRule = call("org.medxai.ij1.MacroArguments.value", args, "split", "hash");
initial = call("org.medxai.ij1.MacroArguments.value", args, "initial", "");
// resume=true continues the interrupted run in output (same data and settings) after its last finished epoch
resume = call("org.medxai.ij1.MacroArguments.flag", args, "resume", "false");
continueRun = "";
if (resume == "true")
	continueRun = " resume";
setBatchMode(true);
run("Train MedXAI Meibography Segmenter", "data_folder=[" + data + "] holdout_fraction=" + holdout
	+ " validation_fraction=0.15 split_seed=" + splitSeed + " output_folder=[" + output + "] model_name=" + name
	+ " input_width=" + width + " input_height=" + height + " network_width=" + network + " epochs=" + epochs
	+ " batch_size=4 learning_rate=0.002 patience=" + patience + " seed=" + seed + " gland_ratio_weight=" + ratioWeight + " device=" + device
	+ " more_data_folders=[" + more + "] split=" + splitRule + " initial_model=[" + initial + "]" + continueRun);

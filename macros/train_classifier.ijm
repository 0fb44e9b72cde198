// MedXAI: train an image classifier from class sub-folders (e.g. polyp/ and non-polyp/).
//
// medxai-imagej --headless -batch train_classifier.ijm 'training=DIR output=DIR [holdout=0] [validation=0.15] [fold=0] [folds=5] [epochs=40] [size=224] [width=32] [batch=16] [patience=10] [seed=42] [split_seed=2026] [device=auto] [name=polyp-classifier] [masks=DIR] [mask_weight=1] [lr=0.001] [initial=MODEL_CARD] [resume=false|true] [heldout_report=true|false]'
// Writes output/NAME-0000.params + model-card.json (the best epoch), training-history.csv,
// training-curves.png and, with holdout>0, heldout.csv + heldout-predictions.csv (heldout_report=false: the
// held-out images stay set aside unreported, e.g. for one report after choosing among several runs).

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args,
	"training output holdout validation fold folds epochs size width batch patience seed split_seed device name masks mask_weight lr initial resume heldout_report") != "")
	exit();
training = call("org.medxai.ij1.MacroArguments.value", args, "training", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (training == "" || output == "")
	exit("Usage: train_classifier.ijm 'training=DIR output=DIR [holdout=0] [validation=0.15] [epochs=40] ...'");
holdout = call("org.medxai.ij1.MacroArguments.value", args, "holdout", "0");
// part of the rest used for validation (early stopping, best epoch, decision calibration)
validation = call("org.medxai.ij1.MacroArguments.value", args, "validation", "0.15");
// k-fold cross-validation: fold=K (1..folds) validates on fold K of the images not held out instead
fold = call("org.medxai.ij1.MacroArguments.value", args, "fold", "0");
folds = call("org.medxai.ij1.MacroArguments.value", args, "folds", "5");
epochs = call("org.medxai.ij1.MacroArguments.value", args, "epochs", "40");
size = call("org.medxai.ij1.MacroArguments.value", args, "size", "224");
width = call("org.medxai.ij1.MacroArguments.value", args, "width", "32");
batch = call("org.medxai.ij1.MacroArguments.value", args, "batch", "16");
patience = call("org.medxai.ij1.MacroArguments.value", args, "patience", "10");
seed = call("org.medxai.ij1.MacroArguments.value", args, "seed", "42");
splitSeed = call("org.medxai.ij1.MacroArguments.value", args, "split_seed", "2026");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");
name = call("org.medxai.ij1.MacroArguments.value", args, "name", "polyp-classifier");
// optional object masks (by image base name): the class activation map learns to cover the object
masks = call("org.medxai.ij1.MacroArguments.value", args, "masks", "");
maskWeight = call("org.medxai.ij1.MacroArguments.value", args, "mask_weight", "1");
learningRate = call("org.medxai.ij1.MacroArguments.value", args, "lr", "0.001");
// optional: continue from an existing model's weights (same classes and width; any size)
initial = call("org.medxai.ij1.MacroArguments.value", args, "initial", "");
// resume=true continues the interrupted run in output (same data and settings) after its last finished epoch
resume = call("org.medxai.ij1.MacroArguments.flag", args, "resume", "false");
continueRun = "";
if (resume == "true")
	continueRun = " resume";
heldOutReport = "";
if (call("org.medxai.ij1.MacroArguments.flag", args, "heldout_report", "true") == "true")
	heldOutReport = " held_out_report";

setBatchMode(true);
run("Train MedXAI Polyp Classifier", "training_folder=[" + training + "] labels_csv=[] validation_folder=[]"
	+ " validation_fraction=" + validation + " validation_fold=" + fold + " folds=" + folds
	+ " holdout_fraction=" + holdout + " split_seed=" + splitSeed
	+ " output_folder=[" + output + "] model_name=" + name + " image_size=" + size
	+ " network_width=" + width + " epochs=" + epochs + " batch_size=" + batch
	+ " learning_rate=" + learningRate + " patience=" + patience + " seed=" + seed + " mask_corner"
	+ " localisation_masks=[" + masks + "] localisation_weight=" + maskWeight
	+ " initial_model=[" + initial + "] device=" + device + continueRun + heldOutReport);

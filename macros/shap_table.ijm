// MedXAI: SHAP explanations of a model on a clinical table (CSV or TSV), headless.
//
// medxai-imagej --headless -batch shap_table.ijm 'table=FILE target=COLUMN output=DIR [model=random_forest|gradient_boosting|linear] [id=COLUMN] [features=A,B,C] [task=auto|regression|classification] [trees=500] [folds=5] [seed=2026] [shap_rows=2000] [log_odds=false]'
// Writes output/shap_values.csv (row, prediction, base_value, shap_<feature>..., then class for
// classification, id and truth; base_value + sum of shap = prediction on every row), output/metrics.csv
// (task and how it was chosen, table format, cells read as missing, cross-validated metrics, SHAP method,
// mean |SHAP| per feature), output/table_notes.csv (every finding about how the table was read: infinite
// values, stray text in numeric columns, ID-like columns left out, duplicate IDs, rows sampled),
// output/shap_beeswarm.png, output/shap_bar.png. Tables with more than shap_rows rows (default 2000; 0: every
// row) are explained on a seeded sample of that many rows; cross-validation and the fit use every row.
// For classification the prediction is a probability: of the second class for a binary target, of the
// row's predicted class (named in the class column) for more classes. See docs/SHAP.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args,
	"table target output model id features task trees folds seed shap_rows log_odds") != "")
	exit();
table = call("org.medxai.ij1.MacroArguments.value", args, "table", "");
target = call("org.medxai.ij1.MacroArguments.value", args, "target", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (table == "" || target == "" || output == "")
	exit("Usage: shap_table.ijm 'table=FILE target=COLUMN output=DIR [model=random_forest] [id=COLUMN]'");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", "random_forest");
id = call("org.medxai.ij1.MacroArguments.value", args, "id", "");
features = call("org.medxai.ij1.MacroArguments.value", args, "features", "");
task = call("org.medxai.ij1.MacroArguments.value", args, "task", "auto");
trees = call("org.medxai.ij1.MacroArguments.value", args, "trees", "500");
folds = call("org.medxai.ij1.MacroArguments.value", args, "folds", "5");
seed = call("org.medxai.ij1.MacroArguments.value", args, "seed", "2026");
shapRows = call("org.medxai.ij1.MacroArguments.value", args, "shap_rows", "2000");
logOdds = call("org.medxai.ij1.MacroArguments.value", args, "log_odds", "false");
options = "table_file=[" + table + "] target_column=[" + target + "] feature_columns=[" + features
	+ "] id_column=[" + id + "] task=" + task + " model=" + model + " trees=" + trees + " folds=" + folds
	+ " seed=" + seed + " shap_rows=" + shapRows + " output_folder=[" + output + "]";
if (logOdds == "true") options = options + " log_odds";
setBatchMode(true);
run("Explain Table with MedXAI SHAP", options);

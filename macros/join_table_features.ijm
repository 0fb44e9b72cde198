// MedXAI: adds a MedXAI batch CSV's per-image or per-video values to a clinical table by ID, headless.
//
// medxai-imagej --headless -batch join_table_features.ijm 'table=FILE id=COLUMN features=FILE output=FILE [pattern={id}.*] [several=first|mean|max|mean_and_max]'
// features: a CSV with a 'file' column written by a MedXAI batch command (segmentation.csv, meibography.csv,
// a video folder's predictions.csv). pattern: how an ID names its files ({id} the ID, * any text), e.g.
// patient_{id}_* for a patient's videos. several: what a row takes when its ID names several files: the first
// by name (default), the mean and/or maximum of each number (text: the most frequent value) and their count.
// Writes output (a new CSV: the table's columns, then image_<column>...); the inputs are never changed.
// Then explain it with shap_table.ijm. See docs/SHAP.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "table id features output pattern several") != "")
	exit();
table = call("org.medxai.ij1.MacroArguments.value", args, "table", "");
id = call("org.medxai.ij1.MacroArguments.value", args, "id", "");
features = call("org.medxai.ij1.MacroArguments.value", args, "features", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (table == "" || id == "" || features == "" || output == "")
	exit("Usage: join_table_features.ijm 'table=FILE id=COLUMN features=FILE output=FILE [pattern={id}.*] [several=first]'");
pattern = call("org.medxai.ij1.MacroArguments.value", args, "pattern", "{id}.*");
several = call("org.medxai.ij1.MacroArguments.value", args, "several", "first");
setBatchMode(true);
run("Join Image Features to Table with MedXAI", "table_file=[" + table + "] id_column=[" + id
	+ "] image_features_file=[" + features + "] name_pattern=[" + pattern + "] several=[" + several
	+ "] output_file=[" + output + "]");

// MedXAI: join the tables the shards of a folder batch wrote into the table one run would have written.
//
// medxai-imagej --headless -batch merge_shards.ijm 'output=DIR [existing=refuse|overwrite]'
// Reads every NAME.shard-K-of-N.csv in DIR (from runs with shard=K/N) and writes NAME.csv: the same header,
// rows in natural file order. Refuses a split with missing parts, and an existing NAME.csv unless
// existing=overwrite (default refuse). See docs/BATCH.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args, "output existing") != "") exit();
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
existing = call("org.medxai.ij1.MacroArguments.value", args, "existing", "refuse");
if (output == "") exit("Usage: merge_shards.ijm 'output=DIR [existing=refuse|overwrite]'");
run("Merge MedXAI Batch Shards", "output_folder=[" + output + "] existing_results=" + existing);

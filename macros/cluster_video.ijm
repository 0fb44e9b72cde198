// MedXAI: cluster the frames of a video (or a folder of frames) into the stages of a procedure.
//
// medxai-imagej --headless -batch cluster_video.ijm 'input=VIDEO_OR_FOLDER output=DIR [stages=0] [number=elbow|silhouette] [labels=CSV] [embedding=texture|global|model] [model=CARD] [clustering=time_ordered|kmeans|hdbscan|gmeans] [reduction=slow|pca] [components=0] [map=umap|tsne|pca] [perplexity=20] [sampling=all|every:N|per_second:N] [start=0] [end=0] [fps=1] [seed=2026] [device=auto]'
// Opens the video (MP4, MOV, AVI, ... through FFmpeg; a folder of frames in natural order at fps frames per second),
// takes the sampled frames, and writes output/clusters.csv (frame, time, cluster, x, y, distance), output/metrics.csv
// (with labels: ARI, NMI, frame_accuracy; always the silhouette), output/scatter.png, output/timeline.png and
// output/gallery/index.html. stages=0 finds the number of stages at the elbow of the within-stage spread (number=silhouette: by the silhouette). labels: a CSV of
// stage,first_frame,last_frame lines or frame,stage rows. A video that cannot be read ends the macro with its
// message (and a non-zero exit status in a headless run). See docs/VIDEO.md.

args = getArgument();
if (call("org.medxai.ij1.MacroArguments.check", args,
	"input output stages number labels embedding model clustering reduction map perplexity components sampling start end fps seed device") != "")
	exit();
input = call("org.medxai.ij1.MacroArguments.value", args, "input", "");
output = call("org.medxai.ij1.MacroArguments.value", args, "output", "");
if (input == "" || output == "")
	exit("Usage: cluster_video.ijm 'input=VIDEO_OR_FOLDER output=DIR [stages=N] [labels=CSV] [map=umap|tsne]'");
stages = call("org.medxai.ij1.MacroArguments.value", args, "stages", "0");
number = call("org.medxai.ij1.MacroArguments.value", args, "number", "elbow");
labels = call("org.medxai.ij1.MacroArguments.value", args, "labels", "");
embedding = call("org.medxai.ij1.MacroArguments.value", args, "embedding", "texture");
model = call("org.medxai.ij1.MacroArguments.value", args, "model", "");
clustering = call("org.medxai.ij1.MacroArguments.value", args, "clustering", "time_ordered");
reduction = call("org.medxai.ij1.MacroArguments.value", args, "reduction", "slow");
map = call("org.medxai.ij1.MacroArguments.value", args, "map", "umap");
perplexity = call("org.medxai.ij1.MacroArguments.value", args, "perplexity", "20");
components = call("org.medxai.ij1.MacroArguments.value", args, "components", "0");
sampling = call("org.medxai.ij1.MacroArguments.value", args, "sampling", "all");
start = call("org.medxai.ij1.MacroArguments.value", args, "start", "0");
end = call("org.medxai.ij1.MacroArguments.value", args, "end", "0");
fps = call("org.medxai.ij1.MacroArguments.value", args, "fps", "1");
seed = call("org.medxai.ij1.MacroArguments.value", args, "seed", "2026");
device = call("org.medxai.ij1.MacroArguments.value", args, "device", "auto");

// sampling: all, every:N or per_second:N
mode = sampling;
n = "1";
colon = indexOf(sampling, ":");
if (colon > 0) {
	mode = substring(sampling, 0, colon);
	n = substring(sampling, colon + 1);
}
setBatchMode(true);
run("Open Video with MedXAI", "video=[" + input + "] sampling=" + mode + " sampling_value=" + n
	+ " start_seconds=" + start + " end_seconds=" + end + " sequence_fps=" + fps + " virtual=auto");
run("Cluster Video Frames with MedXAI", "stages=" + stages + " number=" + number + " clustering=" + clustering + " embedding=" + embedding
	+ " model_file=[" + model + "] reduction=" + reduction + " map=" + map + " perplexity=" + perplexity + " components=" + components
	+ " labels_csv=[" + labels + "] output_folder=[" + output + "] seed=" + seed + " device=" + device);

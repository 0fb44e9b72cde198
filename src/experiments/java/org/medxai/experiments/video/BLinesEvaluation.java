package org.medxai.experiments.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.image.ImageDecoding;
import org.medxai.io.CsvReader;
import org.medxai.io.CsvWriter;
import org.medxai.math.Scores;
import org.medxai.metrics.ClassificationMetrics;
import org.medxai.video.FrameSampling;
import org.medxai.videomodel.VideoClips;
import org.medxai.videomodel.VideoEnsembles;
import org.medxai.videomodel.VideoExample;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoSet;
import org.medxai.videomodel.VideoTrainer;

/**
 * B-lines yes/no on the COVID-BLUES lung ultrasound videos, the video classifier cross-validated by patient.
 *
 * Per fold a CNN-Transformer trained with the decoupled recipe on the other patients (a fifth of them for validation),
 * then the held-out patients' videos classified; video ROC AUC and accuracy pooled over folds and per fold, and
 * per-video probabilities (OUT/predictions.csv with fold, patient and truth; OUT/video-features.csv as Explain Video
 * Folder writes it: file, predicted label, p_no, p_yes — out-of-fold, for joining to the clinical table). Defaults:
 * FOLDS 5, SIZE 112, T (frames per video) 16, frame-stage epochs E1 6, temporal-stage epochs E2 60; ONLY (e.g. 1,3, or
 * 0 for all) runs those folds alone, for quick probes; E3 end-to-end fine-tuning epochs (0); NET the frame backbone
 * (medxai-small-cnn, width 16, depth 4; or medxai-resnet-small, width 16); SEEDS models per fold (1), trained with
 * training seeds 42, 1042, …, joined into one ensemble card (the mean of their logits) per fold. FINAL (a folder): then
 * the same recipe trained on all patients (a fifth of them for validation) and written there as the shipped model's
 * card, with the cross-validated figures and the data's licence.
 *
 * Usage: {@code bash scripts/run-experiment.sh BLinesEvaluation DATA OUT [FOLDS SIZE T E1 E2 ONLY E3 NET SEEDS FINAL]}
 */
public final class BLinesEvaluation {

	private static final Pattern PATIENT = Pattern.compile("patient_(\\d+)_");

	public static void main(final String[] args) throws IOException {
		final Path data = Path.of(args[0]);
		final Path out = Path.of(args[1]);
		final int folds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		final int size = args.length > 3 ? Integer.parseInt(args[3]) : 112;
		final int frames = args.length > 4 ? Integer.parseInt(args[4]) : 16;
		final int frameEpochs = args.length > 5 ? Integer.parseInt(args[5]) : 6;
		final int temporalEpochs = args.length > 6 ? Integer.parseInt(args[6]) : 60;
		final List<Integer> only = args.length > 7
			? Arrays.stream(args[7].split(",")).map(String::trim).map(Integer::valueOf).filter(f -> f > 0).toList()
			: List.of();
		final int fineTuneEpochs = args.length > 8 ? Integer.parseInt(args[8]) : 0;
		final String backbone = args.length > 9 ? args[9] : Architectures.SMALL_CNN;
		final int seeds = args.length > 10 ? Integer.parseInt(args[10]) : 1;
		final Path finalModel = args.length > 11 ? Path.of(args[11]) : null;
		Files.createDirectories(out);
		final VideoSet set = VideoSet.fromCsv(data.resolve("lus_videos"), labels(data, out.resolve("labels.csv")));
		System.out.printf(Locale.ROOT, "%d videos of %d patients, %s%n", set.videos().size(), set.groups().size(),
			set.counts());
		System.out.flush();
		final long start = System.nanoTime();
		final Map<Path, VideoExample> clips = new LinkedHashMap<>();
		for (final VideoSet.Entry entry : set.videos()) {
			final VideoClips.Clip clip = VideoClips.read(entry.file(), FrameSampling.ALL_FRAMES, frames, size,
				file -> List.of(ImageDecoding.read(file).planes()), ProgressListener.NONE);
			clips.put(entry.file(), new VideoExample(clip.name(), entry.label(), entry.group(), clip.frames()));
		}
		System.out.printf(Locale.ROOT, "read in %.1f s%n", (System.nanoTime() - start) / 1e9);
		System.out.flush();
		final VideoTrainer.Options options = options(size, frames, frameEpochs, temporalEpochs, backbone)
			.withFineTuning(fineTuneEpochs, 2e-4);
		final List<Integer> truth = new ArrayList<>();
		final List<double[]> probabilities = new ArrayList<>();
		final List<ClassificationMetrics> foldMetrics = new ArrayList<>();
		try (CsvWriter csv = new CsvWriter(out.resolve("predictions.csv"));
			CsvWriter features = new CsvWriter(out.resolve("video-features.csv")))
		{
			csv.row(List.of("fold", "file", "patient", "label", "p_yes"));
			final List<String> header = new ArrayList<>(List.of("file", "label"));
			for (final String c : set.classes()) header.add("p_" + c);
			features.row(header);
			final List<VideoSet> parts = set.folds(folds, 42);
			for (int f = 0; f < parts.size(); f++) {
				if (!only.isEmpty() && !only.contains(f + 1)) continue;
				final long foldStart = System.nanoTime();
				final int fold = f + 1;
				final VideoSet test = parts.get(f);
				final VideoSet.Split split = set.minus(test).split(0.2, 42 + f, "validation");
				final int[] foldTruth = new int[test.videos().size()];
				final List<Path> members = train(examples(split.kept(), clips), examples(split.taken(), clips),
					set.classes(), "COVID-BLUES B-lines, fold " + fold, options, seeds, out, "fold" + fold,
					"fold " + fold);
				final List<VideoExample> testVideos = examples(test, clips);
				for (int i = 0; i < foldTruth.length; i++) foldTruth[i] = testVideos.get(i).label();
				if (seeds > 1) {
					for (int seed = 0; seed < seeds; seed++)
						System.out.printf(Locale.ROOT, "fold %d, seed %d alone: ROC AUC %.3f%n", fold, seed,
							ClassificationMetrics.of(foldTruth, classify(members.get(seed), testVideos)).rocAuc());
				}
				// several seeds: classified as the shipped model is, one ensemble card (mean logits)
				final Path model = seeds == 1
					? members.get(0)
					: VideoEnsembles.write(members, out.resolve("fold" + fold + "-ensemble"), "blines");
				final double[][] foldProbabilities = classify(model, testVideos);
				System.out.flush();
				for (int i = 0; i < foldTruth.length; i++) {
					final VideoExample video = testVideos.get(i);
					truth.add(video.label());
					probabilities.add(foldProbabilities[i]);
					csv.row(
						List.of(Integer.toString(fold), video.name(), video.group(), set.classes().get(video.label()),
							String.format(Locale.ROOT, "%.5f", foldProbabilities[i][set.classes().indexOf("yes")])));
					final List<String> row = new ArrayList<>(
						List.of(video.name(), set.classes().get(Scores.argmax(foldProbabilities[i]))));
					for (final double p : foldProbabilities[i]) row.add(String.format(Locale.ROOT, "%.5f", p));
					features.row(row);
				}
				final ClassificationMetrics m = ClassificationMetrics.of(foldTruth, foldProbabilities);
				foldMetrics.add(m);
				System.out.printf(Locale.ROOT, "fold %d: %d videos, ROC AUC %.3f, accuracy %.3f (%.0f s)%n", fold,
					foldTruth.length, m.rocAuc(), m.accuracy(), (System.nanoTime() - foldStart) / 1e9);
				System.out.flush();
			}
		}
		final ClassificationMetrics pooled = ClassificationMetrics
			.of(truth.stream().mapToInt(Integer::intValue).toArray(), probabilities.toArray(new double[0][]));
		System.out.printf(Locale.ROOT, "pooled over %d folds: %d videos, ROC AUC %.3f, accuracy %.3f (%.0f s)%n",
			only.isEmpty() ? folds : only.size(), truth.size(), pooled.rocAuc(), pooled.accuracy(),
			(System.nanoTime() - start) / 1e9);
		System.out.flush();
		if (finalModel != null) {
			if (!only.isEmpty()) throw new IllegalArgumentException("FINAL needs every fold's figures (ONLY 0)");
			final VideoSet.Split split = set.split(0.2, 42, "validation");
			final List<Path> members = train(examples(split.kept(), clips), examples(split.taken(), clips),
				set.classes(), "COVID-BLUES B-lines, all " + set.groups().size() + " patients", options, seeds,
				finalModel.resolve("members"), "member", "final");
			final Path card = VideoEnsembles.write(members, finalModel, "video-default");
			describe(card, set, split, seeds, folds, pooled, foldMetrics, backbone);
			System.out.println("Final model (all patients): " + card);
		}
	}

	/** SEEDS models of the recipe (training seeds 42, 1042, …) in OUT/NAME, OUT/NAME-seed1, …; their cards. */
	private static List<Path> train(final List<VideoExample> training, final List<VideoExample> validation,
		final List<String> classes, final String data, final VideoTrainer.Options options, final int seeds,
		final Path out, final String name, final String label)
	{
		final List<Path> cards = new ArrayList<>();
		for (int seed = 0; seed < seeds; seed++) {
			final VideoTrainer.Result result = VideoTrainer.train(training, validation, classes, data,
				options.withSeed(options.seed() + 1000L * seed), out.resolve(name + (seed == 0 ? "" : "-seed" + seed)),
				ProgressListener.NONE,
				epoch -> System.out.printf(Locale.ROOT, "  %s epoch %s%n", label, epoch.describe()));
			System.out.println(result.status());
			cards.add(result.card());
		}
		return cards;
	}

	private static double[][] classify(final Path card, final List<VideoExample> videos) {
		final double[][] out = new double[videos.size()][];
		try (VideoModel model = ModelLoader.loadVideo(card, DevicePreference.AUTO)) {
			for (int i = 0; i < out.length; i++)
				out[i] = VideoExplainer.classify(model, videos.get(i).frames(), ProgressListener.NONE);
		}
		return out;
	}

	/** The shipped model's card: what it was trained on, under which licence, and the cross-validated figures. */
	private static void describe(final Path cardFile, final VideoSet set, final VideoSet.Split split, final int seeds,
		final int folds, final ClassificationMetrics pooled, final List<ClassificationMetrics> foldMetrics,
		final String backbone) throws IOException
	{
		final ModelCard card = ModelCard.read(cardFile);
		card.description = "B-lines (yes/no) in lung ultrasound videos: " +
			(seeds == 1 ? "a CNN-Transformer" : "the mean of " + seeds + " CNN-Transformers' logits") + " (" +
			backbone + " per frame), trained with MedXAI on the COVID-BLUES videos (Wiedemann et al. 2025, " +
			"CC BY-NC-ND 4.0): a research artefact for non-commercial use, not a diagnostic device. " +
			"Cross-validated by patient: ROC AUC " + String.format(Locale.ROOT, "%.3f", pooled.rocAuc()) + ".";
		final JsonObject training = new JsonObject();
		training.addProperty("data",
			"COVID-BLUES lung ultrasound (Philips Lumify convex probe, 350 x 350, 25 fps): " + set.videos().size() +
				" videos of " + set.groups().size() + " patients, per-video expert label B-lines " + set.counts());
		training.addProperty("data_licence", "CC BY-NC-ND 4.0 (COVID-BLUES, Wiedemann et al., IEEE JBHI 2025): " +
			"attribution, non-commercial; this model is a research artefact trained on it");
		training.addProperty("validation",
			"by patient: " + split.taken().groups().size() + " patients (" + split.taken().videos().size() +
				" videos) chose the members' epochs; the other " + split.kept().groups().size() + " trained them");
		training.add("members", card.training);
		card.training = training;
		final JsonObject metrics = new JsonObject();
		final JsonObject cv = new JsonObject();
		cv.addProperty("method",
			folds + "-fold cross-validation by patient of this recipe (the same seeds, each fold " +
				"an ensemble card like this one), out-of-fold videos pooled");
		cv.add("pooled", new Gson().toJsonTree(pooled.asMap()));
		final JsonArray perFold = new JsonArray();
		for (final ClassificationMetrics m : foldMetrics) perFold.add(new Gson().toJsonTree(m.asMap()));
		cv.add("folds", perFold);
		metrics.add("cross_validated", cv);
		card.metrics = metrics;
		card.write(cardFile);
	}

	static VideoTrainer.Options options(final int size, final int frames, final int frameEpochs,
		final int temporalEpochs, final String backbone)
	{
		final VideoNetwork.Options network = new VideoNetwork.Options(backbone, 16, 4,
			new TemporalTransformer.Layout(128, 4, 4, frames, true, 0.1f));
		return new VideoTrainer.Options("blines", size, frames, frames, network, frameEpochs, temporalEpochs, 16, 1e-3,
			5e-4, 20, 0.1, 42, DevicePreference.AUTO);
	}

	/** The shared table's B-lines column as {@code file,label,group} for the videos present (group: patient). */
	static Path labels(final Path data, final Path csv) throws IOException {
		final List<List<String>> rows = CsvReader.completeRecords(data.resolve("severity.csv"));
		final int bLines = rows.get(0).indexOf("B-lines");
		try (CsvWriter writer = new CsvWriter(csv)) {
			writer.row(List.of("file", "label", "group"));
			for (final List<String> row : rows.subList(1, rows.size())) {
				final String file = row.get(0).trim() + ".mp4";
				if (!Files.exists(data.resolve("lus_videos").resolve(file))) continue;
				final Matcher patient = PATIENT.matcher(file);
				if (!patient.find()) continue;
				writer.row(List.of(file, row.get(bLines).trim(), patient.group(1)));
			}
		}
		return csv;
	}

	private static List<VideoExample> examples(final VideoSet set, final Map<Path, VideoExample> clips) {
		return set.videos().stream().map(v -> clips.get(v.file())).toList();
	}
}

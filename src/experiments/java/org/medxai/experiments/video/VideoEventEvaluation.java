package org.medxai.experiments.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.fixtures.SyntheticVideos.EventClip;
import org.medxai.image.ImageDecoding;
import org.medxai.image.PixelPlanes;
import org.medxai.io.CsvWriter;
import org.medxai.video.FrameSampling;
import org.medxai.video.StageLabels;
import org.medxai.videomodel.VideoClips;
import org.medxai.videomodel.VideoExample;
import org.medxai.videomodel.VideoExplainer;
import org.medxai.videomodel.VideoExplanation;
import org.medxai.videomodel.VideoTrainer;

/**
 * Checks where in time a trained video model looks against events at known frames.
 *
 * Does each importance's top 3 frames hit within ±2 frames of the event, in correctly classified event clips?
 * {@code generated}: clips whose class is set by a two-frame bar (the test's generator), COUNT training clips, a
 * quarter as many for validation, 100 test clips, seed SEED. {@code embryo DATA}: 16-frame windows of each embryo's
 * time-lapse (DATA/EMBRYO with DATA/EMBRYO_phases.csv), positive when a phase changes inside (at least 2 frames of each
 * phase), negative when the window lies in one phase; trained on one embryo (every 5th window for validation), tested
 * on the other's windows (every 2nd start), both ways. {@code embryo-time DATA}: the same windows, trained on the first
 * SPLIT of every embryo's frames and tested on the rest (no frame on both sides; later stages than trained on).
 * Per-clip results in OUT/clips.csv; the chance a random 3 frames hit is printed beside each rate. Arguments:
 * {@code generated OUT [COUNT=96] [SEED=11]}, {@code embryo DATA OUT [SIZE=96] [E1=10] [E2=60]} or
 * {@code embryo-time DATA OUT [SIZE=96] [E1=10] [E2=60] [SPLIT=0.6]}.
 *
 * Usage: {@code bash scripts/run-experiment.sh VideoEventEvaluation generated|embryo|embryo-time [DATA] OUT [...]}
 */
public final class VideoEventEvaluation {

	static final int FRAMES = 16, TOP = 3, TOLERANCE = 2;
	static final List<String> CLASSES = List.of("no-event", "event");

	/** A clip with the frames (indices into it) where its event happens; none for a negative clip. */
	record Labelled(VideoExample example, List<Integer> events) {}

	public static void main(final String[] args) throws IOException {
		if (args[0].equals("generated"))
			generated(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 96,
				args.length > 3 ? Long.parseLong(args[3]) : 11);
		else
			embryo(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 96,
				args.length > 4 ? Integer.parseInt(args[4]) : 10, args.length > 5 ? Integer.parseInt(args[5]) : 60,
				args[0].equals("embryo-time") ? (args.length > 6 ? Double.parseDouble(args[6]) : 0.6) : -1);
	}

	private static void generated(final Path out, final int count, final long seed) throws IOException {
		final int size = 24;
		final Random random = new Random(seed);
		final List<Labelled> train = synthetic(count, size, random, "t");
		final List<Labelled> validation = synthetic(Math.max(8, count / 4), size, random, "v");
		final List<Labelled> test = synthetic(100, size, random, "x");
		final VideoNetwork.Options network = new VideoNetwork.Options(Architectures.SMALL_CNN, 8, 2,
			new TemporalTransformer.Layout(16, 2, 2, FRAMES, true, 0f));
		final VideoTrainer.Options options = new VideoTrainer.Options("generated-events", size, FRAMES, FRAMES, network,
			3, 40, 8, 3e-3, 3e-3, 40, 0.1, seed, DevicePreference.AUTO).withGeometricJitter(0); // as VideoTrainerTest
		Files.createDirectories(out);
		try (CsvWriter csv = clipTable(out)) {
			evaluate("generated", train, validation, test, options, out.resolve("model"), csv);
		}
	}

	private static List<Labelled> synthetic(final int count, final int size, final Random random, final String prefix) {
		final List<Labelled> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			final EventClip clip = SyntheticVideos.eventClip(i % 2 == 1, FRAMES, size, random);
			final List<PixelPlanes> frames = clip.frames().stream().map(f -> PixelPlanes.rgb(f, size, size)).toList();
			out.add(new Labelled(new VideoExample(prefix + i, clip.hasEvent() ? 1 : 0, prefix + i, frames),
				clip.hasEvent() ? List.of(clip.eventFrame(), clip.eventFrame() + 1) : List.of()));
		}
		return out;
	}

	private static void embryo(final Path data, final Path out, final int size, final int frameEpochs,
		final int temporalEpochs, final double timeSplit) throws IOException
	{
		final Map<String, List<PixelPlanes>> frames = new LinkedHashMap<>();
		final Map<String, int[]> stages = new LinkedHashMap<>();
		try (var folders = Files.list(data)) {
			for (final Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
				final Path phases = data.resolve(folder.getFileName() + "_phases.csv");
				if (!Files.exists(phases)) continue;
				final VideoClips.Clip clip = VideoClips.read(folder, FrameSampling.ALL_FRAMES, Integer.MAX_VALUE, size,
					file -> List.of(ImageDecoding.read(file).planes()), ProgressListener.NONE);
				frames.put(clip.name(), clip.frames());
				stages.put(clip.name(), StageLabels.read(phases).forFrames(clip.frameNumbers(), clip.frames().size()));
			}
		}
		if (frames.size() < 2) throw new IllegalArgumentException("Need two annotated embryos in " + data);
		final VideoNetwork.Options network = new VideoNetwork.Options(Architectures.SMALL_CNN, 16, 4,
			new TemporalTransformer.Layout(64, 2, 4, FRAMES, true, 0.1f));
		final VideoTrainer.Options options = new VideoTrainer.Options("embryo-events", size, FRAMES, FRAMES, network,
			frameEpochs, temporalEpochs, 16, 1e-3, 5e-4, 20, 0.1, 42, DevicePreference.AUTO);
		Files.createDirectories(out);
		final List<String> names = new ArrayList<>(frames.keySet());
		if (timeSplit > 0) {
			// every embryo's earlier windows train, its later ones (no frame shared) test
			final List<Labelled> train = new ArrayList<>(), validation = new ArrayList<>(), test = new ArrayList<>();
			for (final String name : names) {
				final int n = frames.get(name).size(), cut = (int) Math.floor(timeSplit * n);
				final int[] stage = stages.get(name);
				final List<Labelled> early = windows(name, frames.get(name).subList(0, cut),
					java.util.Arrays.copyOfRange(stage, 0, cut), 1, 0);
				for (int i = 0; i < early.size(); i++) (i % 5 == 0 ? validation : train).add(early.get(i));
				test.addAll(windows(name, frames.get(name).subList(cut, n), java.util.Arrays.copyOfRange(stage, cut, n),
					2, cut));
			}
			try (CsvWriter csv = clipTable(out)) {
				evaluate("embryos, earlier " + Math.round(100 * timeSplit) + " % trained, later tested", train,
					validation, test, options, out.resolve("model-time-split"), csv);
			}
			return;
		}
		try (CsvWriter csv = clipTable(out)) {
			for (final String testName : names) {
				final List<Labelled> train = new ArrayList<>(), validation = new ArrayList<>(), test;
				for (final String name : names) {
					if (name.equals(testName)) continue;
					final List<Labelled> windows = windows(name, frames.get(name), stages.get(name), 1, 0);
					for (int i = 0; i < windows.size(); i++) (i % 5 == 0 ? validation : train).add(windows.get(i));
				}
				test = windows(testName, frames.get(testName), stages.get(testName), 2, 0);
				evaluate("embryo, tested on " + testName, train, validation, test, options,
					out.resolve("model-" + testName), csv);
			}
		}
	}

	/**
	 * The embryo's 16-frame windows starting every {@code stride} frames: positive when a phase changes inside with at
	 * least 2 frames of each phase, negative when one phase covers it; unlabelled frames and changes at the edge leave
	 * a window out.
	 */
	static List<Labelled> windows(final String name, final List<PixelPlanes> frames, final int[] stage,
		final int stride, final int offset)
	{
		final List<Labelled> out = new ArrayList<>();
		for (int start = 0; start + FRAMES <= frames.size(); start += stride) {
			boolean labelled = true;
			final List<Integer> changes = new ArrayList<>();
			for (int k = 0; k < FRAMES; k++) {
				if (stage[start + k] < 0) labelled = false;
				else if (k > 0 && stage[start + k] != stage[start + k - 1]) changes.add(k);
			}
			if (!labelled) continue;
			final boolean inside = !changes.isEmpty() &&
				changes.stream().allMatch(k -> k >= TOLERANCE && k <= FRAMES - TOLERANCE);
			if (!changes.isEmpty() && !inside) continue;
			out.add(new Labelled(new VideoExample(name + "@" + (offset + start + 1), inside ? 1 : 0, name,
				frames.subList(start, start + FRAMES)), changes));
		}
		return out;
	}

	private static CsvWriter clipTable(final Path out) throws IOException {
		final CsvWriter csv = new CsvWriter(out.resolve("clips.csv"));
		csv.row(List.of("run", "clip", "label", "predicted", "p_event", "events", "method", "top3", "hit"));
		return csv;
	}

	private static void evaluate(final String run, final List<Labelled> train, final List<Labelled> validation,
		final List<Labelled> test, final VideoTrainer.Options options, final Path modelFolder, final CsvWriter csv)
		throws IOException
	{
		System.out.printf(Locale.ROOT, "%s: %d training clips (%d with the event), %d validation, %d test%n", run,
			train.size(), train.stream().filter(l -> l.example().label() == 1).count(), validation.size(), test.size());
		System.out.flush();
		final long start = System.nanoTime();
		final VideoTrainer.Result result = VideoTrainer.train(train.stream().map(Labelled::example).toList(),
			validation.stream().map(Labelled::example).toList(), CLASSES, run, options, modelFolder,
			ProgressListener.NONE, null);
		System.out.println(result.status());
		int correct = 0, positives = 0;
		double chance = 0;
		final Map<String, int[]> hits = new LinkedHashMap<>(), topHits = new LinkedHashMap<>();
		try (VideoModel model = ModelLoader.loadVideo(result.card(), DevicePreference.AUTO)) {
			for (final Labelled clip : test) {
				final VideoExplanation e = VideoExplainer.explain(model, clip.example().frames(),
					VideoExplainer.Options.defaults(), ProgressListener.NONE);
				final int label = clip.example().label();
				final boolean right = e.predicted() == label;
				if (right) correct++;
				final boolean counted = right && label == 1;
				if (counted) {
					positives++;
					chance += chanceOfHit(clip.events(), e.frames());
				}
				for (final String method : e.importance().keySet()) {
					final int[] top = e.topFrames(method, TOP);
					final boolean hit = label == 1 && near(top, clip.events(), TOLERANCE);
					if (counted && hit) hits.computeIfAbsent(method, k -> new int[1])[0]++;
					if (counted && near(new int[] { top[0] }, clip.events(), 0))
						topHits.computeIfAbsent(method, k -> new int[1])[0]++;
					csv.row(List.of(run, clip.example().name(), CLASSES.get(label), CLASSES.get(e.predicted()),
						String.format(Locale.ROOT, "%.4f", e.probabilities()[1]), join(clip.events()), method,
						join(java.util.Arrays.stream(top).boxed().toList()), Boolean.toString(hit)));
				}
			}
		}
		System.out.printf(Locale.ROOT, "%s: test accuracy %d/%d; %d correctly classified event clips (%.0f s)%n", run,
			correct, test.size(), positives, (System.nanoTime() - start) / 1e9);
		for (final String method : List.of(VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT,
			VideoExplainer.GRAD_ATTENTION))
		{
			final int hit = hits.getOrDefault(method, new int[1])[0], top = topHits.getOrDefault(method, new int[1])[0];
			System.out.printf(Locale.ROOT,
				"  %-15s top-3 within ±%d frames: %d/%d = %.1f %% (random 3 frames: %.1f %%); top-1 on an event " +
					"frame: %.1f %%%n",
				method, TOLERANCE, hit, positives, 100.0 * hit / Math.max(1, positives),
				100.0 * chance / Math.max(1, positives), 100.0 * top / Math.max(1, positives));
		}
		System.out.flush();
	}

	static boolean near(final int[] frames, final List<Integer> events, final int tolerance) {
		for (final int f : frames) for (final int e : events) if (Math.abs(f - e) <= tolerance) return true;
		return false;
	}

	/** The chance that 3 frames drawn at random from {@code frames} hit within the tolerance of an event. */
	static double chanceOfHit(final List<Integer> events, final int frames) {
		int near = 0;
		for (int f = 0; f < frames; f++) if (near(new int[] { f }, events, TOLERANCE)) near++;
		final int far = frames - near;
		// 1 - C(far, 3) / C(frames, 3)
		return 1 - (double) far * (far - 1) * (far - 2) / (frames * (frames - 1.0) * (frames - 2));
	}

	private static String join(final List<Integer> values) {
		return String.join(" ", values.stream().map(String::valueOf).toList());
	}
}

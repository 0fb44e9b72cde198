package org.medxai.videomodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.engine.Architectures;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoModel;
import org.medxai.engine.VideoNetwork;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.fixtures.SyntheticVideos.EventClip;
import org.medxai.image.PixelPlanes;

/**
 * A tiny CNN-Transformer trained on generated clips whose class is set by a two-frame event learns the event, and its
 * attention looks there in time: the top frame of raw attention and of rollout on the event, and deleting their most
 * important frames lowers the event's score more than deleting random ones.
 */
class VideoTrainerTest {

	static final int FRAMES = 16, SIZE = 24;
	static final List<String> CLASSES = List.of("quiet", "event");

	@TempDir
	Path temp;

	/**
	 * Frames mirrored and re-lit only: a shift of 24-pixel frames fills a black strip at the border, a vertical edge
	 * like the event's bar.
	 */
	static VideoTrainer.Options options() {
		final VideoNetwork.Options network = new VideoNetwork.Options(Architectures.SMALL_CNN, 8, 2,
			new TemporalTransformer.Layout(16, 2, 2, FRAMES, true, 0f));
		return new VideoTrainer.Options("tiny-video", SIZE, FRAMES, FRAMES, network, 3, 40, 8, 3e-3, 3e-3, 40, 0.1, 7,
			DevicePreference.AUTO).withGeometricJitter(0);
	}

	static List<VideoExample> examples(final List<EventClip> clips, final String prefix) {
		final List<VideoExample> out = new ArrayList<>();
		for (int i = 0; i < clips.size(); i++) {
			final EventClip clip = clips.get(i);
			out.add(new VideoExample(prefix + i, clip.hasEvent() ? 1 : 0, prefix + i, planes(clip)));
		}
		return out;
	}

	static List<PixelPlanes> planes(final EventClip clip) {
		return clip.frames().stream().map(f -> PixelPlanes.rgb(f, clip.size(), clip.size())).toList();
	}

	static List<EventClip> clips(final int count, final Random random) {
		final List<EventClip> out = new ArrayList<>();
		for (int i = 0; i < count; i++) out.add(SyntheticVideos.eventClip(i % 2 == 1, FRAMES, SIZE, random));
		return out;
	}

	record Trained(VideoTrainer.Result result, Path folder) {}

	/**
	 * Trains into a fresh folder. No batch may have a loss that is not a number: the frame stage's random NaN came from
	 * freed native memory read by the backward pass (engine.Scalars, ScalarsTest) and is gone.
	 */
	Trained train(final List<VideoExample> training, final List<VideoExample> validation,
		final VideoTrainer.Options options)
	{
		final Path folder = temp.resolve("run");
		final Trained trained = new Trained(VideoTrainer.train(training, validation, CLASSES, "generated event clips",
			options, folder, ProgressListener.NONE, null), folder);
		assertFalse(trained.result().status().contains("not a finite number"), trained.result().status());
		return trained;
	}

	@Test
	void aTinyModelLearnsTheEventAndItsExplanationsLookThere() {
		final Random random = new Random(3);
		final List<EventClip> test = clips(20, random);
		final Trained trained = train(examples(clips(48, random), "t"), examples(clips(16, random), "v"), options());
		final VideoTrainer.Result result = trained.result();
		final Path temp = trained.folder();
		assertTrue(result.card() != null && Files.isRegularFile(result.card()), result.status());
		assertTrue(Files.isRegularFile(temp.resolve(VideoTrainer.FRAME_STAGE).resolve(ModelLoader.CARD_NAME)));
		final ModelCard card = ModelCard.read(result.card());
		assertEquals(FRAMES, card.video.frames);
		assertEquals(CLASSES, card.classes);
		int correct = 0, positives = 0;
		final Map<String, int[]> hits = new LinkedHashMap<>();
		final Map<String, int[]> faithful = new LinkedHashMap<>();
		try (VideoModel model = ModelLoader.loadVideo(result.card(), DevicePreference.AUTO)) {
			for (final EventClip clip : test) {
				final VideoExplanation e = VideoExplainer.explain(model, planes(clip),
					VideoExplainer.Options.defaults().withDeletion(4), ProgressListener.NONE);
				// one Grad-CAM per frame at the backbone's resolution (one 2 x 2 pooling: 12 x 12)
				assertEquals(FRAMES, e.cams().length);
				assertEquals(SIZE / 2, e.camWidth());
				final boolean right = e.predicted() == (clip.hasEvent() ? 1 : 0);
				if (right) correct++;
				if (!right || !clip.hasEvent()) continue;
				positives++;
				// deleting the 4 most important frames lowers the event's score more than deleting 4 at random
				for (final Map.Entry<String, VideoExplainer.Faithfulness> f : e.faithfulness().entrySet())
					if (f.getValue().gain() > 0) faithful.computeIfAbsent(f.getKey(), k -> new int[1])[0]++;
				for (final String method : e.importance().keySet()) {
					final int top = e.topFrames(method, 1)[0];
					final int[] count = hits.computeIfAbsent(method, k -> new int[1]);
					if (top == clip.eventFrame() || top == clip.eventFrame() + 1) count[0]++;
				}
			}
		}
		assertTrue(correct >= 18, "test accuracy " + correct + "/20; " + result.status());
		assertEquals(List.of(VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT, VideoExplainer.GRAD_ATTENTION),
			List.copyOf(hits.keySet()), "every importance computed");
		// Gradient-weighted attention is computed and reported (its arithmetic is checked against PyTorch in
		// VideoTorchScriptReferenceTest) but not asserted to peak here: on these models it looks at the event in
		// some trainings and away from it in others (VideoEventEvaluation: 6 % top-1 on 50 event clips with this
		// recipe), which is what its deletion curve tells users (docs/VIDEO-MODELS.md).
		for (final String method : List.of(VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT)) {
			final int peaks = hits.get(method)[0];
			assertTrue(peaks >= 0.9 * positives, method + " peaks on the event in " + peaks + " of " + positives);
			final int count = faithful.getOrDefault(method, new int[1])[0];
			assertTrue(count >= 0.9 * positives, method + " faithful in " + count + " of " + positives + " clips");
		}
	}

	@Test
	void fineTuningFollowsTheTemporalStageAndIsKeptOnlyWhereItValidatesBetter() {
		final Random random = new Random(5);
		final VideoTrainer.Options base = options();
		final VideoTrainer.Options options = new VideoTrainer.Options(base.name(), SIZE, FRAMES, FRAMES, base.network(),
			1, 2, 8, 3e-3, 3e-3, 40, 0.1, 7, DevicePreference.AUTO).withFineTuning(2, 1e-3).withGeometricJitter(0);
		final Trained trained = train(examples(clips(16, random), "t"), examples(clips(8, random), "v"), options);
		final VideoTrainer.Result result = trained.result();
		final Path temp = trained.folder();
		assertTrue(result.fineTuning() != null, result.status());
		assertEquals(2, result.fineTuning().history().size(), result.status());
		final Path temporal = temp.resolve(VideoTrainer.TEMPORAL_STAGE).resolve(ModelLoader.CARD_NAME);
		assertEquals(temporal, result.temporalStage().card());
		final boolean better = result.fineTuning().best().score() > result.temporalStage().best().score();
		assertEquals(better ? temp.resolve(ModelLoader.CARD_NAME) : temporal, result.card(), result.status());
		final ModelCard tuned = ModelCard.read(temp.resolve(ModelLoader.CARD_NAME));
		assertTrue(tuned.training.toString().contains("then end-to-end fine-tuning (2 epochs, lr 0.001)"),
			tuned.training.toString());
		try (VideoModel model = ModelLoader.loadVideo(temp.resolve(ModelLoader.CARD_NAME), DevicePreference.AUTO)) {
			final double[] p = VideoExplainer.classify(model, planes(clips(1, random).get(0)), ProgressListener.NONE);
			assertEquals(1, p[0] + p[1], 1e-5);
		}
	}

	@Test
	void oneClassOrNoValidationVideosGetOneMessage() {
		final Random random = new Random(1);
		final List<VideoExample> quiet = examples(List.of(SyntheticVideos.eventClip(false, 4, 16, random)), "q");
		final MedXaiException oneClass = assertThrows(MedXaiException.class, () -> VideoTrainer.train(quiet, quiet,
			List.of("quiet"), "x", options(), temp, ProgressListener.NONE, null));
		assertTrue(oneClass.getMessage().contains("at least two classes"), oneClass.getMessage());
		final MedXaiException noValidation = assertThrows(MedXaiException.class,
			() -> VideoTrainer.train(quiet, List.of(), CLASSES, "x", options(), temp, ProgressListener.NONE, null));
		assertTrue(noValidation.getMessage().contains("for validation"), noValidation.getMessage());
	}
}

package org.medxai.videomodel;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.medxai.CancelledException;
import org.medxai.ProgressListener;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelLoader;
import org.medxai.engine.VideoModel;
import org.medxai.metrics.ClassificationMetrics;

/** A trained video classifier on videos it never saw: per-video probabilities and the metrics. */
public final class VideoEvaluation {

	/** The probabilities per video (in the given order) and the metrics over them. */
	public record Result(double[][] probabilities, int[] truth, ClassificationMetrics metrics) {

		public String summary() {
			return String.format(Locale.ROOT, "%d videos, accuracy %.3f, ROC AUC %.3f", truth.length,
				metrics.accuracy(), metrics.rocAuc());
		}
	}

	private VideoEvaluation() {}

	/** Held-out videos. */
	public static Result run(final Path card, final List<VideoExample> videos, final DevicePreference device,
		final ProgressListener progress)
	{
		return run(card, videos, device, progress, "held-out");
	}

	/** Videos of the named kind ({@code which}: "held-out", "validation"; the progress says it). */
	public static Result run(final Path card, final List<VideoExample> videos, final DevicePreference device,
		final ProgressListener progress, final String which)
	{
		try (VideoModel model = ModelLoader.loadVideo(card, device)) {
			final double[][] probabilities = new double[videos.size()][];
			final int[] truth = new int[videos.size()];
			for (int i = 0; i < videos.size(); i++) {
				if (progress.isCancelled()) throw new CancelledException("Evaluation cancelled.");
				final VideoExample video = videos.get(i);
				probabilities[i] = VideoExplainer.classify(model,
					ClipSampling.frames(video.frames(), model.maxFrames()), ProgressListener.NONE);
				truth[i] = video.label();
				progress.progress(i + 1, videos.size(), "Evaluating " + which + " video " + (i + 1));
			}
			return new Result(probabilities, truth, ClassificationMetrics.of(truth, probabilities));
		}
	}
}

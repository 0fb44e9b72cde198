package org.medxai.videomodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.batch.NaturalOrder;
import org.medxai.engine.VideoModel;
import org.medxai.image.ImageFileReader;
import org.medxai.image.ImageWriting;
import org.medxai.image.PixelPlanes;
import org.medxai.io.AtomicFiles;
import org.medxai.io.CsvWriter;
import org.medxai.io.FileNames;
import org.medxai.video.FrameSampling;

/**
 * Explains every video of a folder (video files, TIFF stacks, frame folders) with one model: {@value #PREDICTIONS}
 * ({@code file, label, p_<class>…}), {@value #ATTENTION} ({@code file, frame, time, attention, rollout, grad_attention,
 * cam_max}), {@value #FAITHFULNESS} (per video and importance: deletion areas against random deletion), and per video
 * {@code NAME_timeline.png} and {@code NAME_cam.tif} (the frames with their Grad-CAM). A video that cannot be read is
 * reported and skipped. Each video's rows are written after its pictures, so an interrupted run leaves tables and files
 * that match.
 */
public final class VideoFolderExplainer {

	public static final String PREDICTIONS = "predictions.csv";
	public static final String ATTENTION = "attention.csv";
	public static final String FAITHFULNESS = "faithfulness.csv";
	/** Frames are explained and drawn at most this large (longer side), so long high-definition clips fit. */
	public static final int WORKING_SIZE = 512;

	/**
	 * @param method the importance that ranks the frames on the timeline ({@link VideoExplainer#ATTENTION},
	 *     {@link VideoExplainer#ROLLOUT} or {@link VideoExplainer#GRAD_ATTENTION})
	 * @param topK frames marked on the timeline
	 */
	public record Options(VideoExplainer.Options explainer, FrameSampling sampling, String method, int topK) {

		public Options {
			checkMethod(method);
		}
	}

	/** How the run went: videos explained and those skipped with why. */
	public record Report(int explained, List<String> skipped, Path output) {

		public String summary() {
			return "Explained " + explained + " video" + (explained == 1 ? "" : "s") +
				(skipped.isEmpty() ? "" : "; skipped " + skipped.size() + " (" + String.join("; ", skipped) + ")") +
				". Tables and pictures in " + output + ".";
		}
	}

	private VideoFolderExplainer() {}

	public static void checkMethod(final String method) {
		if (!List.of(VideoExplainer.ATTENTION, VideoExplainer.ROLLOUT, VideoExplainer.GRAD_ATTENTION).contains(method))
			throw new MedXaiException("The importance method must be " + VideoExplainer.ATTENTION + ", " +
				VideoExplainer.ROLLOUT + " or " + VideoExplainer.GRAD_ATTENTION + ", not '" + method + "'.");
	}

	/** The videos of a folder in natural order: video files, stacks and sub-folders of frames. */
	public static List<Path> videos(final Path folder) {
		if (!Files.isDirectory(folder)) throw new MedXaiException("Input folder not found: " + folder + ".");
		try (Stream<Path> files = Files.list(folder)) {
			final List<Path> videos = files
				.filter(p -> Files.isDirectory(p) || VideoSet.VIDEO_EXTENSIONS.contains(extension(p)))
				.sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
				.toList();
			if (videos.isEmpty())
				throw new MedXaiException("The folder " + folder.getFileName() + " holds no videos (" +
					String.join(", ", VideoSet.VIDEO_EXTENSIONS.stream().sorted().toList()) +
					", or folders of frames).");
			return videos;
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + folder + ": " + e.getMessage(), e);
		}
	}

	public static Report run(final Path input, final Path output, final VideoModel model, final Options options,
		final ImageFileReader stacks, final ProgressListener progress)
	{
		final List<Path> videos = videos(input);
		if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize()))
			throw new MedXaiException("Choose an output folder other than the input folder.");
		for (final String table : List.of(PREDICTIONS, ATTENTION, FAITHFULNESS))
			if (Files.exists(output.resolve(table)))
				throw new MedXaiException("The output folder " + output + " already holds " + table +
					": choose another folder or remove it (nothing is overwritten).");
		final List<String> classes = model.card().classes;
		final List<String> skipped = new ArrayList<>();
		int explained = 0;
		try {
			Files.createDirectories(output);
			try (CsvWriter predictions = new CsvWriter(output.resolve(PREDICTIONS));
				CsvWriter attention = new CsvWriter(output.resolve(ATTENTION));
				CsvWriter faithfulness = new CsvWriter(output.resolve(FAITHFULNESS)))
			{
				final List<String> header = new ArrayList<>(List.of("file", "label"));
				for (final String c : classes) header.add("p_" + c);
				predictions.rowNow(header);
				attention.rowNow(ATTENTION_COLUMNS);
				faithfulness.rowNow(List.of("file", "method", "deletion_area", "random_area", "gain"));
				for (int v = 0; v < videos.size(); v++) {
					if (progress.isCancelled())
						throw new CancelledException("Cancelled after " + explained +
							" videos; their rows and pictures are complete in " + output + ".");
					final Path video = videos.get(v);
					final String name = video.getFileName().toString();
					progress.progress(v, videos.size(), "Explaining " + name);
					final VideoClips.Clip clip;
					final VideoExplanation e;
					try {
						clip = VideoClips.read(video, options.sampling(), model.maxFrames(), WORKING_SIZE, stacks,
							ProgressListener.NONE);
						e = VideoExplainer.explain(model, clip.frames(), options.explainer(), ProgressListener.NONE);
					}
					catch (final MedXaiException ex) {
						skipped.add(name + ": " + ex.getMessage());
						continue;
					}
					final String stem = FileNames.baseName(name);
					writePictures(output, stem, clip, e, options.method(), options.topK());
					final List<String> row = new ArrayList<>(List.of(name, classes.get(e.predicted())));
					for (final double p : e.probabilities()) row.add(number(p));
					predictions.rowNow(row);
					for (final List<String> frameRow : attentionRows(name, clip, e)) attention.row(frameRow);
					attention.flush();
					for (final Map.Entry<String, VideoExplainer.Faithfulness> f : e.faithfulness().entrySet())
						faithfulness.rowNow(List.of(name, f.getKey(), number(f.getValue().byImportance().area()),
							number(f.getValue().random().area()), number(f.getValue().gain())));
					explained++;
				}
			}
		}
		catch (final IOException ex) {
			throw new MedXaiException("Cannot write the results to " + output + ": " + ex.getMessage(), ex);
		}
		progress.progress(videos.size(), videos.size(), "Explained " + explained + " videos");
		return new Report(explained, skipped, output);
	}

	/** The columns of the attention table. */
	public static final List<String> ATTENTION_COLUMNS = List.of("file", "frame", "time", VideoExplainer.ATTENTION,
		VideoExplainer.ROLLOUT, VideoExplainer.GRAD_ATTENTION, "cam_max");

	/** One row per explained frame: file, frame number (1-based), time and the importances. */
	static List<List<String>> attentionRows(final String name, final VideoClips.Clip clip, final VideoExplanation e) {
		final double[] camMax = e.camMax();
		final List<List<String>> rows = new ArrayList<>();
		for (int f = 0; f < e.frames(); f++)
			rows.add(List.of(name, Integer.toString(clip.frameIndices()[f] + 1), number(clip.time(f)),
				number(e.importance().get(VideoExplainer.ATTENTION)[f]),
				number(e.importance().get(VideoExplainer.ROLLOUT)[f]),
				number(e.importance().get(VideoExplainer.GRAD_ATTENTION)[f]), number(camMax[f])));
		return rows;
	}

	/** One clip's attention table, written under a temporary name then moved. */
	public static void writeAttention(final Path csv, final VideoClips.Clip clip, final VideoExplanation e)
		throws IOException
	{
		AtomicFiles.write(csv, file -> {
			try (CsvWriter writer = new CsvWriter(file)) {
				writer.row(ATTENTION_COLUMNS);
				for (final List<String> row : attentionRows(clip.name(), clip, e)) writer.row(row);
			}
		});
	}

	/** {@code stem_timeline.png} and {@code stem_cam.tif}, each written under a temporary name then moved. */
	public static void writePictures(final Path output, final String stem, final VideoClips.Clip clip,
		final VideoExplanation e, final String method, final int topK) throws IOException
	{
		final int[] numbers = clip.frameNumbers();
		AtomicFiles.write(output.resolve(stem + "_timeline.png"), file -> ImageIO
			.write(ExplanationPictures.timeline(e, numbers, method, topK, 720, 200), "png", file.toFile()));
		final double scale = ExplanationPictures.camScale(e);
		final List<int[]> blended = new ArrayList<>();
		for (int f = 0; f < e.frames(); f++)
			blended.add(
				ExplanationPictures.blend(clip.frames().get(f), e.cams()[f], e.camWidth(), e.camHeight(), scale, 0.5));
		final PixelPlanes first = clip.frames().get(0);
		AtomicFiles.write(output.resolve(stem + "_cam.tif"),
			file -> ImageWriting.rgbStackTiff(blended, first.width(), first.height(), file));
	}

	private static String number(final double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}

	private static String extension(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}

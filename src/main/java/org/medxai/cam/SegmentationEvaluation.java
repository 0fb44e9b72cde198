package org.medxai.cam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.image.ImageDecoding;
import org.medxai.image.TensorConverter;
import org.medxai.io.AtomicFiles;
import org.medxai.io.CsvWriter;
import org.medxai.io.FileNames;
import org.medxai.metrics.SegmentationMetrics;

/**
 * Scores predicted masks against ground-truth masks matched by base name ({@code NAME_mask.png} or {@code NAME.png}
 * against {@code NAME.jpg} ...), the Medico way: the prediction (0..255 scaled to 0..1) is resized bilinearly to the
 * truth's size and is foreground where > 0.5; truth is foreground where >= 128 and must be (near) binary. A prediction
 * whose aspect ratio differs from the truth's by more than 5 % is refused (not the same image). Unmatched or bad files
 * are reported in their row and skipped.
 */
public final class SegmentationEvaluation {

	/** One prediction's scores, or why it was skipped. */
	public record Row(String name, SegmentationMetrics metrics, String error) {}

	/** All rows and the means over the scored ones. */
	public record Result(List<Row> rows, double meanDice, double meanIou, double meanPrecision, double meanRecall,
		double meanAccuracy, int scored)
	{}

	private SegmentationEvaluation() {}

	/** Base name: file name without extension and without a trailing "_mask". */
	public static String baseName(final Path file) {
		final String name = FileNames.baseName(file);
		return name.endsWith("_mask") ? name.substring(0, name.length() - 5) : name;
	}

	public static Result evaluate(final List<Path> predictions, final Path truthFolder,
		final ProgressListener progress)
	{
		if (truthFolder == null || !Files.isDirectory(truthFolder)) {
			throw new MedXaiException("Truth folder not found: " + truthFolder + ".");
		}
		final Map<String, Path> truths = new HashMap<>();
		try (Stream<Path> files = Files.list(truthFolder)) {
			files.filter(Files::isRegularFile).forEach(f -> truths.putIfAbsent(baseName(f), f));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list " + truthFolder + ": " + e.getMessage(), e);
		}
		final List<Row> rows = new ArrayList<>();
		int done = 0;
		for (final Path prediction : predictions) {
			final String name = baseName(prediction);
			final Path truth = truths.get(name);
			try {
				if (truth == null)
					throw new MedXaiException("no truth mask named " + name + ".* in " + truthFolder.getFileName());
				rows.add(new Row(name, score(prediction, truth), null));
			}
			catch (final MedXaiException e) {
				rows.add(new Row(name, null, e.getMessage()));
			}
			progress.progress(++done, predictions.size(), "Scoring " + name);
		}
		double dice = 0;
		double iou = 0;
		double precision = 0;
		double recall = 0;
		double accuracy = 0;
		int scored = 0;
		for (final Row row : rows) {
			if (row.metrics() == null) continue;
			dice += row.metrics().dice();
			iou += row.metrics().iou();
			precision += row.metrics().precision();
			recall += row.metrics().recall();
			accuracy += row.metrics().accuracy();
			scored++;
		}
		final double n = Math.max(1, scored);
		return new Result(rows, dice / n, iou / n, precision / n, recall / n, accuracy / n, scored);
	}

	/** Scores one prediction file against one truth file. */
	public static SegmentationMetrics score(final Path prediction, final Path truthFile) {
		final ImageDecoding.Rgb predicted = ImageDecoding.read(prediction);
		final ImageDecoding.Rgb truthImage = ImageDecoding.read(truthFile);
		final double aspectP = predicted.width() / (double) predicted.height();
		final double aspectT = truthImage.width() / (double) truthImage.height();
		if (Math.abs(aspectP / aspectT - 1) > 0.05) {
			throw new MedXaiException(String.format(Locale.ROOT,
				"size mismatch: prediction %dx%d and truth %dx%d differ in shape, not just scale", predicted.width(),
				predicted.height(), truthImage.width(), truthImage.height()));
		}
		final boolean[] truth = truthMask(truthImage, truthFile);
		final float[] p = new float[predicted.pixels().length];
		for (int i = 0; i < p.length; i++) p[i] = grey(predicted.pixels()[i]) / 255f;
		final float[] resized = TensorConverter.resize(p, predicted.width(), predicted.height(), truthImage.width(),
			truthImage.height());
		return SegmentationMetrics.of(resized, truth);
	}

	/** Truth foreground where grey >= 128; refused when more than 5 % of pixels are mid-grey. */
	static boolean[] truthMask(final ImageDecoding.Rgb image, final Path file) {
		final int[] px = image.pixels();
		final boolean[] truth = new boolean[px.length];
		int ambiguous = 0;
		for (int i = 0; i < px.length; i++) {
			final int v = grey(px[i]);
			truth[i] = v >= 128;
			if (v > 40 && v < 215) ambiguous++;
		}
		if (ambiguous > 0.05 * px.length) {
			throw new MedXaiException(String.format(Locale.ROOT,
				"truth %s is not a binary mask (%.0f%% of pixels are mid-grey); use 0/255 masks", file.getFileName(),
				100.0 * ambiguous / px.length));
		}
		return truth;
	}

	private static int grey(final int rgb) {
		return Math.round(0.299f * (rgb >> 16 & 0xff) + 0.587f * (rgb >> 8 & 0xff) + 0.114f * (rgb & 0xff));
	}

	/** evaluation.csv: one row per prediction, then a "mean" row. */
	public static void write(final Result result, final Path csv) {
		try {
			AtomicFiles.write(csv, file -> writeRows(result, file));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write " + csv + ": " + e.getMessage(), e);
		}
	}

	private static void writeRows(final Result result, final Path csv) throws IOException {
		try (CsvWriter out = new CsvWriter(csv)) {
			out.row(List.of("name", "status", "dice", "iou", "precision", "recall", "accuracy", "message"));
			for (final Row row : result.rows()) {
				final SegmentationMetrics m = row.metrics();
				out.row(m == null
					? List.of(row.name(), "error", "", "", "", "", "", row.error())
					: List.of(row.name(), "ok", f(m.dice()), f(m.iou()), f(m.precision()), f(m.recall()),
						f(m.accuracy()), ""));
			}
			out.row(List.of("mean", "ok", f(result.meanDice()), f(result.meanIou()), f(result.meanPrecision()),
				f(result.meanRecall()), f(result.meanAccuracy()), result.scored() + " images"));
		}
	}

	private static String f(final double v) {
		return String.format(Locale.ROOT, "%.6f", v);
	}
}

package org.medxai.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

import org.medxai.MedXaiException;
import org.medxai.cam.SegmentationEvaluation;
import org.medxai.image.ImageDecoding;
import org.medxai.image.ImageFileReader;
import org.medxai.image.PixelPlanes;
import org.medxai.image.TensorConverter;
import org.medxai.io.CsvReader;
import org.medxai.io.FileNames;

/**
 * The demo's HTML report ({@code index.html}), host-free: it reads what the demo macro's folder commands wrote and
 * draws what a user would want to see — the classification table with thumbnails, each Grad-CAM over its image with the
 * CAM mask (cyan) and the true mask (green) outlined, each meibography image with its eyelid outline and glands, and
 * the SHAP plots — into {@code OUTPUT/index.html} and pictures in {@code OUTPUT/report/}.
 */
public final class DemoReport {

	public static final String INDEX = "index.html";
	public static final String PICTURES = "report";
	/** Longest side of a drawn picture, in pixels. */
	static final int PICTURE_SIZE = 320;
	static final int THUMBNAIL_SIZE = 72;
	static final int MEIBOGRAPHY_SHOWN = 8;
	/** The metrics of a SHAP run the report names (the rest stay in its metrics.csv). */
	private static final List<String> SHAP_SUMMARY = List.of("target", "task", "model", "rows", "cv_accuracy",
		"cv_roc_auc", "cv_r2", "cv_rmse", "shap_method", "shap_output");
	private static final int CAM_MASK_COLOUR = 0x00e5ff;
	private static final int TRUTH_COLOUR = 0x39ff14;
	private static final int GLAND_COLOUR = 0xffd400;

	private final Path output;
	private final Path pictures;
	private final ImageFileReader reader;
	private final StringBuilder html = new StringBuilder();
	private int pictureCount;

	private DemoReport(final Path output, final ImageFileReader reader) {
		this.output = output;
		this.pictures = output.resolve(PICTURES);
		this.reader = reader;
	}

	/**
	 * Writes the report of a demo run in {@code output} on the test images in {@code images}, with the real-data
	 * sections when {@code real} (the folder the demo was given) is not null; returns the index file.
	 */
	public static Path write(final Path output, final Path images, final Path real, final ImageFileReader reader)
		throws IOException
	{
		final DemoReport report = new DemoReport(output, reader);
		Files.createDirectories(report.pictures);
		report.head();
		report.html.append("<h2>Synthetic test images</h2>\n<p class=note>Made by the project itself (no patient " +
			"data) and read by the small demo models trained on such images.</p>\n");
		report.classification(output.resolve("classification.csv"), images);
		report.polyps(output.resolve("polyp"), images, images.resolve("masks"));
		report.meibography(output.resolve("meibography"), images.resolve("meibography").resolve("images"));
		report.shap(output.resolve("shap"),
			"a made-up clinical table whose outcome follows a known rule " +
				"(risk rises with a positive stool test, age, family history, smoking and a little with BMI; " +
				"<code>sex</code> and <code>visit_weekday</code> play no part)");
		if (real != null) {
			report.html
				.append("<h2 id=real>Real images</h2>\n<p class=note>Public research data read by the bundled models." +
					"</p>\n");
			report.polyps(output.resolve("real").resolve("polyp"), real.resolve("polyps"), real.resolve("polyp_masks"));
			report.meibography(output.resolve("real").resolve("meibography"), real.resolve("meibography"));
			report.shap(output.resolve("real").resolve("shap"), "a public clinical table");
			report.videos(output.resolve("real").resolve("video"), real.resolve("video_labels.csv"));
		}
		report.html.append("</body></html>\n");
		final Path index = output.resolve(INDEX);
		Files.writeString(index, report.html, StandardCharsets.UTF_8);
		return index;
	}

	private void head() throws IOException {
		html.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>MedXAI demo</title>\n<style>\n")
			.append("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330;background:#f6f7f9}\n")
			.append("h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:2px solid #cfd6e0}h3{margin-top:24px}\n")
			.append(".note{color:#5a6270}.grid{display:flex;flex-wrap:wrap;gap:14px}\n")
			.append("figure{margin:0;background:#fff;padding:8px;border-radius:6px;box-shadow:0 1px 3px #0002}\n")
			.append("figcaption{font-size:13px;max-width:320px}table{border-collapse:collapse;background:#fff}\n")
			.append("td,th{padding:3px 8px;border-bottom:1px solid #e3e7ed;font-size:13px;text-align:left}\n")
			.append(".bar{display:inline-block;height:10px;background:#e4572e;vertical-align:middle}\n")
			.append(".key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px}\n")
			.append("</style></head><body>\n<h1>MedXAI demo</h1>\n<p class=note>Written ")
			.append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)));
		final Path engine = output.resolve("engine.txt");
		if (Files.exists(engine)) {
			final Map<String, String> values = new HashMap<>();
			for (final String line : Files.readAllLines(engine)) {
				final int eq = line.indexOf(" = ");
				if (eq > 0) values.put(line.substring(0, eq).trim(), line.substring(eq + 3).trim());
			}
			html.append(" · engine ").append(escape(values.getOrDefault("engine", "?"))).append(' ')
				.append(escape(values.getOrDefault("engine version", ""))).append(" · natives ")
				.append(escape(values.getOrDefault("natives", "?"))).append(" · devices ")
				.append(escape(values.getOrDefault("devices", "?")));
		}
		html.append("</p>\n");
	}

	/** The classification table: thumbnail, label, class probabilities as bars, status. */
	private void classification(final Path csv, final Path images) throws IOException {
		if (!Files.exists(csv)) return;
		final Table table = Table.read(csv);
		html.append("<h3>Classification</h3>\n<table><tr><th></th><th>file</th><th>slice</th><th>label</th>");
		final List<String> classes = table.columnsStartingWith("p_");
		for (final String c : classes) html.append("<th>").append(escape(c)).append("</th>");
		html.append("<th>status</th></tr>\n");
		for (final Map<String, String> row : table.rows()) {
			final String file = row.get("file");
			final int slice = parseInt(row.get("slice"), 1);
			html.append("<tr><td>");
			final PixelPlanes planes = slice(images.resolve(file), slice);
			if (planes != null) html.append(img(save(scaled(planes, THUMBNAIL_SIZE), "thumbnail"), ""));
			html.append("</td><td>").append(escape(file)).append("</td><td>").append(slice).append("</td><td><b>")
				.append(escape(row.get("label"))).append("</b></td>");
			for (final String c : classes) {
				final double p = parseDouble(row.get(c));
				html.append("<td>").append(Double.isNaN(p) ? "" : bar(p)).append("</td>");
			}
			html.append("<td>").append(escape(row.get("status"))).append(' ').append(escape(row.get("message")))
				.append("</td></tr>\n");
		}
		html.append("</table>\n");
	}

	/** Each image with its Grad-CAM, CAM mask and (when scored) true mask, and the Dice per image. */
	private void polyps(final Path folder, final Path images, final Path truthFolder) throws IOException {
		final Path csv = folder.resolve("segmentation.csv");
		if (!Files.exists(csv)) return;
		final Table segmentation = Table.read(csv);
		final Path evaluationCsv = folder.resolve("evaluation.csv");
		final Map<String, Map<String, String>> scores = new HashMap<>();
		if (Files.exists(evaluationCsv)) {
			for (final Map<String, String> row : Table.read(evaluationCsv).rows())
				scores.put(row.getOrDefault("name", ""), row);
		}
		html.append(
			"<h3>Where the classifier looks: Grad-CAM and polyp masks</h3>\n<p class=key>Grad-CAM from blue (low) to red (high) " +
				"of the class <i>polyp</i><span style='background:#00e5ff'></span>mask from the CAM");
		if (!scores.isEmpty()) html.append("<span style='background:#39ff14'></span>true mask");
		html.append("</p>\n<div class=grid>\n");
		for (final Map<String, String> row : segmentation.rows()) {
			if (!"ok".equals(row.get("status"))) continue;
			final String file = row.get("file");
			final String name = FileNames.baseName(file);
			final Path cam = folder.resolve(name + "_cam.tif");
			final PixelPlanes image = slice(images.resolve(file), 1);
			if (image == null || !Files.exists(cam)) continue;
			final PixelPlanes map = reader.read(cam).get(0);
			final int w = image.width(), h = image.height();
			final int[] pixels = camOverlay(rgb(image),
				TensorConverter.resize(map.plane(0), map.width(), map.height(), w, h));
			final Map<String, String> score = scores.get(name);
			if (score != null) {
				final Path truth = truthMask(truthFolder, name);
				if (truth != null) outline(pixels, w, h, mask(truth, w, h), TRUTH_COLOUR);
			}
			outline(pixels, w, h, mask(folder.resolve(name + "_mask.png"), w, h), CAM_MASK_COLOUR);
			final StringBuilder caption = new StringBuilder("<b>").append(escape(file)).append("</b><br>")
				.append(escape(row.get("label"))).append(", p(polyp) ").append(format(parseDouble(row.get("p_polyp"))));
			if (score != null) caption.append(", Dice ").append(format(parseDouble(score.get("dice"))));
			figure(packed(pixels, w, h), "cam", caption.toString());
		}
		html.append("</div>\n");
		final Map<String, String> mean = scores.get("mean");
		if (mean != null) html.append("<p>Mean Dice ").append(format(parseDouble(mean.get("dice")))).append("</p>\n");
	}

	/** The true mask of {@code name} in the truth folder (NAME_mask.* or NAME.*), or null. */
	private static Path truthMask(final Path truthFolder, final String name) throws IOException {
		if (!Files.isDirectory(truthFolder)) return null;
		try (var files = Files.list(truthFolder)) {
			return files.filter(f -> SegmentationEvaluation.baseName(f).equals(name)).sorted().findFirst().orElse(null);
		}
	}

	/** Each lid with its eyelid outline and glands, and the measurements. */
	private void meibography(final Path folder, final Path images) throws IOException {
		final Path csv = folder.resolve("meibography.csv");
		if (!Files.exists(csv)) return;
		html.append("<h3>Meibography: eyelid, glands, dropout and meiboscore</h3>\n<p class=key>" +
			"<span style='background:#00e5ff'></span>eyelid<span style='background:#ffd400'></span>glands</p>\n" +
			"<div class=grid>\n");
		int shown = 0;
		final List<Map<String, String>> rows = Table.read(csv).rows();
		for (final Map<String, String> row : rows) {
			if (!"ok".equals(row.get("status"))) continue;
			if (shown++ == MEIBOGRAPHY_SHOWN) break;
			final String file = row.get("file");
			final String name = FileNames.baseName(file);
			final PixelPlanes image = slice(images.resolve(file), 1);
			final Path eyelid = folder.resolve(name + "_eyelid.png"), glands = folder.resolve(name + "_glands.png");
			if (image == null || !Files.exists(eyelid) || !Files.exists(glands)) continue;
			final int w = image.width(), h = image.height();
			final int[] pixels = rgb(image);
			final boolean[] gland = mask(glands, w, h);
			for (int i = 0; i < pixels.length; i++) if (gland[i]) pixels[i] = mix(pixels[i], GLAND_COLOUR, 0.55);
			outline(pixels, w, h, mask(eyelid, w, h), CAM_MASK_COLOUR);
			figure(packed(pixels, w, h), "meibography",
				"<b>" + escape(file) + "</b><br>" + escape(row.get("side")) + " lid · dropout " +
					format(parseDouble(row.get("dropout_percent"))) + " % · meiboscore " +
					escape(row.get("meiboscore")) + " · " + escape(row.get("gland_count")) + " glands");
		}
		html.append("</div>\n<p class=note>").append(Math.min(shown, MEIBOGRAPHY_SHOWN)).append(" of ")
			.append(rows.size()).append(" lids shown; every measurement in ")
			.append(escape(output.relativize(csv).toString())).append("</p>\n");
	}

	/** The SHAP plots of a table explanation and its cross-validated metrics. */
	private void shap(final Path folder, final String what) throws IOException {
		if (!Files.exists(folder.resolve("shap_beeswarm.png"))) return;
		final String relative = output.relativize(folder).toString().replace('\\', '/');
		html.append("<h3>SHAP: what drives a model on ").append(what).append("</h3>\n<div class=grid>\n");
		for (final String plot : new String[] { "shap_beeswarm.png", "shap_bar.png" })
			html.append("<figure>").append(img(relative + "/" + plot, "style='max-width:560px'")).append("</figure>\n");
		html.append("</div>\n");
		final Path metrics = folder.resolve("metrics.csv");
		if (Files.exists(metrics)) {
			html.append("<p>");
			for (final List<String> record : CsvReader.completeRecords(metrics))
				if (record.size() == 2 && SHAP_SUMMARY.contains(record.get(0)))
					html.append(escape(record.get(0))).append(": <b>").append(escape(shorten(record.get(1))))
						.append("</b> · ");
			html.append("every value in ").append(escape(relative)).append("/</p>\n");
		}
	}

	/**
	 * Each explained video: the expert's label (from {@code labels}, {@code file,label}, when present), the bundled
	 * model's probabilities, its timeline, and the frame the chosen importance ranks first with its Grad-CAM.
	 */
	private void videos(final Path folder, final Path labels) throws IOException {
		final Path predictions = folder.resolve("predictions.csv");
		if (!Files.exists(predictions)) return;
		final Map<String, String> truth = new HashMap<>();
		if (Files.exists(labels))
			for (final Map<String, String> row : Table.read(labels).rows())
				truth.put(row.get("file"), row.get("label"));
		final Table table = Table.read(predictions);
		final List<Map<String, String>> frames = Table.read(folder.resolve("attention.csv")).rows();
		// per video, the importance whose deletion lowered the score most against random deletion
		final Map<String, String> trusted = new HashMap<>();
		final Map<String, Double> gains = new HashMap<>();
		final Path faithfulness = folder.resolve("faithfulness.csv");
		if (Files.exists(faithfulness)) for (final Map<String, String> row : Table.read(faithfulness).rows()) {
			final double gain = parseDouble(row.get("gain"));
			if (!Double.isNaN(gain) && gain > gains.getOrDefault(row.get("file"), 0.0)) {
				gains.put(row.get("file"), gain);
				trusted.put(row.get("file"), row.get("method"));
			}
		}
		html.append("<h3>Videos: where in time and in the frame the bundled video model looks</h3>\n<p class=note>")
			.append("B-lines in lung ultrasound. These videos are among those the bundled model was trained on: they ")
			.append("show what the explanations look like, not how well it does (docs/VIDEO-MODELS.md). The frame ")
			.append("shown, with its Grad-CAM, is the one ranked first by the importance whose deletion lowered the ")
			.append("model's score most against random deletion on that video (the gain: how much more).</p>\n")
			.append("<div class=grid>\n");
		final String relative = output.relativize(folder).toString().replace('\\', '/');
		for (final Map<String, String> row : table.rows()) {
			final String file = row.get("file");
			final String name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
			final StringBuilder caption = new StringBuilder("<b>").append(escape(file)).append("</b><br>expert: ")
				.append(escape(truth.getOrDefault(file, "?"))).append(" · model: <b>").append(escape(row.get("label")))
				.append("</b>");
			for (final String c : table.columnsStartingWith("p_"))
				caption.append("<br>").append(escape(c)).append(' ').append(bar(parseDouble(row.get(c))));
			final String method = trusted.getOrDefault(file, "rollout");
			// the explained frames in order, as NAME_cam.tif holds them
			int position = 0, best = 0;
			double top = Double.NEGATIVE_INFINITY;
			for (final Map<String, String> frame : frames) {
				if (!file.equals(frame.get("file"))) continue;
				position++;
				final double v = parseDouble(frame.get(method));
				if (v > top) {
					top = v;
					best = position;
				}
			}
			html.append("<figure>");
			final PixelPlanes cam = best > 0 ? slice(folder.resolve(name + "_cam.tif"), best) : null;
			if (cam != null) html.append(img(save(scaled(cam, PICTURE_SIZE), "video-frame"), "")).append("<br>");
			html.append(img(relative + "/" + name + "_timeline.png", "style='max-width:420px'")).append("<figcaption>")
				.append(caption).append("<br>frame ").append(best).append(" of ").append(position)
				.append(" explained, first by ").append(escape(method));
			html.append(gains.containsKey(file)
				? String.format(Locale.ROOT, " (deletion gain %.2g)", gains.get(file))
				: " (no importance beat random deletion on this video)");
			html.append("</figcaption></figure>\n");
		}
		html.append("</div>\n");
	}

	private void figure(final BufferedImage picture, final String kind, final String caption) throws IOException {
		html.append("<figure>").append(img(save(scaled(picture, PICTURE_SIZE), kind), "")).append("<figcaption>")
			.append(caption).append("</figcaption></figure>\n");
	}

	private String save(final BufferedImage picture, final String kind) throws IOException {
		final String name = String.format(Locale.ROOT, "%s-%03d.png", kind, ++pictureCount);
		ImageIO.write(picture, "png", pictures.resolve(name).toFile());
		return PICTURES + "/" + name;
	}

	private PixelPlanes slice(final Path file, final int slice) {
		if (!Files.isRegularFile(file)) return null;
		try {
			final List<PixelPlanes> slices = reader.read(file);
			return slices.isEmpty() ? null : slices.get(Math.max(0, Math.min(slices.size(), slice) - 1));
		}
		catch (final MedXaiException e) {
			return null;
		}
	}

	/** Packed RGB of an image, grey or colour, any depth (scaled to its range when beyond 8 bits). */
	static int[] rgb(final PixelPlanes image) {
		final int n = image.width() * image.height();
		float max = 255;
		for (int c = 0; c < image.channels(); c++) for (final float v : image.plane(c)) max = Math.max(max, v);
		final float scale = 255f / max;
		final int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			int value = 0;
			for (int c = 0; c < 3; c++) {
				final float v = image.plane(image.channels() == 3 ? c : 0)[i] * scale;
				value = value << 8 | Math.max(0, Math.min(255, Math.round(v)));
			}
			out[i] = value;
		}
		return out;
	}

	/**
	 * A 0..1 map over packed RGB in the jet colours CAM users know, more opaque where the map is high, so that the
	 * image stays readable where the model does not look.
	 */
	static int[] camOverlay(final int[] image, final float[] map) {
		final int[] out = new int[image.length];
		for (int i = 0; i < out.length; i++) {
			final double m = Math.max(0, Math.min(1, map[i]));
			out[i] = mix(image[i], jet(m), 0.15 + 0.45 * m);
		}
		return out;
	}

	/** Blue (0) through cyan, yellow to red (1). */
	static int jet(final double m) {
		final int r = (int) Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * m - 3))));
		final int g = (int) Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * m - 2))));
		final int b = (int) Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * m - 1))));
		return r << 16 | g << 8 | b;
	}

	/** A 0/255 mask file as booleans at {@code w × h} (nearest neighbour when its size differs). */
	private static boolean[] mask(final Path file, final int w, final int h) {
		final ImageDecoding.Rgb mask = ImageDecoding.read(file);
		final boolean[] out = new boolean[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			final int mx = x * mask.width() / w, my = y * mask.height() / h;
			out[y * w + x] = (mask.pixels()[my * mask.width() + mx] & 0xff) > 127;
		}
		return out;
	}

	/** Paints the mask's border, about 1/160 of the image wide, in {@code colour}. */
	static void outline(final int[] pixels, final int w, final int h, final boolean[] mask, final int colour) {
		final int radius = Math.max(1, Math.max(w, h) / 320);
		final boolean[] border = new boolean[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			final int i = y * w + x;
			if (mask[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !mask[i - 1] || !mask[i + 1] ||
				!mask[i - w] || !mask[i + w])) border[i] = true;
		}
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			if (!border[y * w + x]) continue;
			for (int dy = -radius + 1; dy < radius; dy++) for (int dx = -radius + 1; dx < radius; dx++) {
				final int xx = x + dx, yy = y + dy;
				if (xx >= 0 && yy >= 0 && xx < w && yy < h) pixels[yy * w + xx] = colour;
			}
		}
	}

	private static int mix(final int under, final int over, final double a) {
		int out = 0;
		for (int shift = 16; shift >= 0; shift -= 8) {
			final int u = under >> shift & 0xff, o = over >> shift & 0xff;
			out |= (int) Math.round((1 - a) * u + a * o) << shift;
		}
		return out;
	}

	private static BufferedImage packed(final int[] pixels, final int w, final int h) {
		final BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, w, h, pixels, 0, w);
		return image;
	}

	private static BufferedImage scaled(final PixelPlanes planes, final int longest) {
		return scaled(packed(rgb(planes), planes.width(), planes.height()), longest);
	}

	/** Scaled so that its longer side is {@code longest} (bilinear; small images are enlarged). */
	static BufferedImage scaled(final BufferedImage image, final int longest) {
		final double factor = longest / (double) Math.max(image.getWidth(), image.getHeight());
		final int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
		final int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.setColor(Color.BLACK);
		g.drawImage(image, 0, 0, w, h, null);
		g.dispose();
		return out;
	}

	private static String img(final String source, final String attributes) {
		return "<img src='" + escape(source) + "' alt=''" + (attributes.isEmpty() ? "" : " " + attributes) + ">";
	}

	private static String bar(final double p) {
		return String.format(Locale.ROOT, "<span class=bar style='width:%dpx'></span> %.3f", Math.round(p * 80), p);
	}

	/** A number cut to four decimals; other text as it is. */
	private static String shorten(final String text) {
		final double value = parseDouble(text);
		return Double.isNaN(value) || !text.contains(".") ? text : String.format(Locale.ROOT, "%.4f", value);
	}

	private static String format(final double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
	}

	private static double parseDouble(final String text) {
		try {
			return text == null || text.isBlank() ? Double.NaN : Double.parseDouble(text);
		}
		catch (final NumberFormatException e) {
			return Double.NaN;
		}
	}

	private static int parseInt(final String text, final int otherwise) {
		try {
			return text == null || text.isBlank() ? otherwise : Integer.parseInt(text.trim());
		}
		catch (final NumberFormatException e) {
			return otherwise;
		}
	}

	static String escape(final String text) {
		if (text == null) return "";
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"",
			"&quot;");
	}

	/** A CSV read into rows keyed by its header. */
	record Table(List<String> header, List<Map<String, String>> rows) {

		static Table read(final Path csv) throws IOException {
			final List<List<String>> records = CsvReader.completeRecords(csv);
			if (records.isEmpty()) return new Table(List.of(), List.of());
			final List<String> header = records.get(0);
			final List<Map<String, String>> rows = new ArrayList<>();
			for (final List<String> record : records.subList(1, records.size())) {
				final Map<String, String> row = new HashMap<>();
				for (int i = 0; i < header.size() && i < record.size(); i++) row.put(header.get(i), record.get(i));
				rows.add(row);
			}
			return new Table(header, rows);
		}

		List<String> columnsStartingWith(final String prefix) {
			return header.stream().filter(c -> c.startsWith(prefix)).toList();
		}
	}
}

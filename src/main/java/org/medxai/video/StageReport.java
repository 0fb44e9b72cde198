package org.medxai.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

import org.medxai.io.AtomicFiles;
import org.medxai.io.CsvWriter;
import org.medxai.metrics.ClusteringMetrics;

/**
 * The files a stage clustering leaves for a person: {@code clusters.csv} (frame, time, cluster, x, y, distance to the
 * cluster centre), {@code metrics.csv} (with reference stages: ARI, NMI, matched frame accuracy; always the
 * silhouette), {@code scatter.png} (the 2-D map coloured by cluster), {@code timeline.png} (clusters over frame index,
 * the reference stages above when given) and {@code gallery/index.html} (thumbnails of each cluster's frames with frame
 * numbers and times).
 */
public final class StageReport {

	/** Thumbnails shown per cluster in the gallery; the rest are counted. */
	public static final int GALLERY_PER_CLUSTER = 120;

	private static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
		new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
		new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a) };

	private StageReport() {}

	/** The colour of cluster {@code stage} (1 …), the same in every picture. */
	public static Color colour(final int stage) {
		if (stage < 1) return Color.LIGHT_GRAY;
		final Color base = PALETTE[(stage - 1) % PALETTE.length];
		return (stage - 1) / PALETTE.length % 2 == 0 ? base : base.darker();
	}

	/** Agreement with reference stages (frames with a stage only) and the silhouette on the map. */
	public static Map<String, Double> metrics(final StageClustering.Result result, final int[] truth) {
		final Map<String, Double> m = new LinkedHashMap<>();
		m.put("frames", (double) result.stage().length);
		m.put("stages_found", (double) result.stages());
		m.put("silhouette", result.silhouette());
		if (truth != null) {
			int labelled = 0, stages = 0;
			for (final int t : truth) if (t >= 0) {
				labelled++;
				stages = Math.max(stages, t + 1);
			}
			m.put("labelled_frames", (double) labelled);
			m.put("stages_true", (double) stages);
			m.put("ari", ClusteringMetrics.adjustedRandIndex(truth, result.stage()));
			m.put("nmi", ClusteringMetrics.normalisedMutualInformation(truth, result.stage()));
			m.put("frame_accuracy", ClusteringMetrics.matchedAccuracy(truth, result.stage()));
		}
		return m;
	}

	/**
	 * Writes every file into {@code folder}.
	 *
	 * @param frames source frame number (1-based) of each clustered frame
	 * @param times each frame's time in seconds (NaN when unknown)
	 * @param truth reference stage of each frame (-1 unlabelled), or null
	 * @param stageNames names of the reference stages, or null
	 * @param thumbnail a small picture of clustered frame i, for the gallery
	 */
	public static void write(final Path folder, final String title, final int[] frames, final double[] times,
		final StageClustering.Result result, final int[] truth, final List<String> stageNames,
		final IntFunction<BufferedImage> thumbnail) throws IOException
	{
		Files.createDirectories(folder);
		AtomicFiles.write(folder.resolve("clusters.csv"), file -> {
			try (CsvWriter csv = new CsvWriter(file)) {
				csv.row(List.of("frame", "time", "cluster", "x", "y", "distance"));
				for (int i = 0; i < frames.length; i++)
					csv.row(List.of(Integer.toString(frames[i]), number(times[i]), Integer.toString(result.stage()[i]),
						number(result.map()[i][0]), number(result.map()[i][1]), number(result.distance()[i])));
			}
		});
		final Map<String, Double> metrics = metrics(result, truth);
		AtomicFiles.write(folder.resolve("metrics.csv"), file -> {
			try (CsvWriter csv = new CsvWriter(file)) {
				csv.row(List.of("measure", "value"));
				for (final Map.Entry<String, Double> e : metrics.entrySet())
					csv.row(List.of(e.getKey(), number(e.getValue())));
			}
		});
		png(folder.resolve("scatter.png"), scatter(result, title));
		png(folder.resolve("timeline.png"), timeline(result.stage(), truth, stageNames, frames));
		gallery(folder.resolve("gallery"), title, frames, times, result, thumbnail);
	}

	/** {minX, spanX, minY, spanY} of a 2-D map (spans at least 1e-12, so a map of one point still scales). */
	public static double[] mapBounds(final double[][] map) {
		double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
		for (final double[] p : map) {
			minX = Math.min(minX, p[0]);
			maxX = Math.max(maxX, p[0]);
			minY = Math.min(minY, p[1]);
			maxY = Math.max(maxY, p[1]);
		}
		return new double[] { minX, Math.max(maxX - minX, 1e-12), minY, Math.max(maxY - minY, 1e-12) };
	}

	/** The 2-D map, one dot per frame in its cluster's colour, with a legend. */
	public static BufferedImage scatter(final StageClustering.Result result, final String title) {
		final int size = 800, margin = 40, legend = 150;
		final BufferedImage image = new BufferedImage(size + legend, size, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = graphics(image);
		final double[][] map = result.map();
		final double[] b = mapBounds(map);
		final double minX = b[0], spanX = b[1], minY = b[2], spanY = b[3];
		for (int i = 0; i < map.length; i++) {
			final int x = margin + (int) Math.round((map[i][0] - minX) / spanX * (size - 2 * margin));
			final int y = size - margin - (int) Math.round((map[i][1] - minY) / spanY * (size - 2 * margin));
			g.setColor(colour(result.stage()[i]));
			g.fillOval(x - 4, y - 4, 9, 9);
		}
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
		g.drawString(title + ": " + map.length + " frames, " + result.stages() + " clusters", margin, 24);
		final int[] counts = new int[result.stages() + 1];
		for (final int s : result.stage()) counts[s]++;
		for (int s = 1; s <= result.stages(); s++) {
			g.setColor(colour(s));
			g.fillRect(size + 10, 40 + 22 * (s - 1), 14, 14);
			g.setColor(Color.BLACK);
			g.drawString("cluster " + s + " (" + counts[s] + ")", size + 30, 52 + 22 * (s - 1));
		}
		g.dispose();
		return image;
	}

	/** Clusters over frame index as a coloured strip; the reference stages in a strip above, when given. */
	public static BufferedImage timeline(final int[] stage, final int[] truth, final List<String> stageNames,
		final int[] frames)
	{
		final int width = 1000, strip = 40, label = 110, rows = truth == null ? 1 : 2;
		final BufferedImage image = new BufferedImage(width + label, rows * (strip + 10) + 30,
			BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = graphics(image);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		final List<int[]> strips = new ArrayList<>();
		if (truth != null) {
			// each reference stage drawn in the colour of the cluster matched to it (unmatched: grey)
			final Map<Integer, Integer> matched = ClusteringMetrics.matching(truth, stage);
			final int[] coloured = new int[truth.length];
			for (int i = 0; i < truth.length; i++) coloured[i] = truth[i] < 0 ? 0 : matched.getOrDefault(truth[i], 0);
			strips.add(coloured);
		}
		strips.add(stage);
		for (int r = 0; r < strips.size(); r++) {
			final int[] values = strips.get(r);
			final int top = 5 + r * (strip + 10);
			g.setColor(Color.BLACK);
			g.drawString(truth != null && r == 0 ? "reference" : "clusters", 5, top + strip / 2 + 5);
			for (int i = 0; i < values.length; i++) {
				final int x0 = label + (int) ((long) i * width / values.length);
				final int x1 = label + (int) ((long) (i + 1) * width / values.length);
				g.setColor(colour(values[i]));
				g.fillRect(x0, top, Math.max(1, x1 - x0), strip);
			}
		}
		g.setColor(Color.BLACK);
		g.setStroke(new BasicStroke(1));
		final int axis = rows * (strip + 10) + 5;
		g.drawString("frame " + frames[0], label, axis + 15);
		final String last = "frame " + frames[frames.length - 1];
		g.drawString(last, label + width - g.getFontMetrics().stringWidth(last), axis + 15);
		if (stageNames != null && truth != null) {
			final String names = "reference: " + String.join(" → ", stageNames);
			g.drawString(names.length() > 140 ? names.substring(0, 140) + "…" : names, label + 120, axis + 15);
		}
		g.dispose();
		return image;
	}

	private static void gallery(final Path folder, final String title, final int[] frames, final double[] times,
		final StageClustering.Result result, final IntFunction<BufferedImage> thumbnail) throws IOException
	{
		final Path pictures = folder.resolve("frames");
		Files.createDirectories(pictures);
		final StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
			.append(" – stages</title>\n<style>body{font-family:sans-serif;margin:1em}" +
				"figure{display:inline-block;margin:4px;text-align:center;font-size:12px}" +
				"img{width:128px;height:auto;border:3px solid #ccc}h2{margin-top:1.5em}</style></head><body>\n")
			.append("<h1>").append(escape(title)).append("</h1>\n<p>").append(frames.length).append(" frames in ")
			.append(result.stages()).append(" clusters.</p>\n<ul>\n");
		for (int s = 1; s <= result.stages(); s++)
			html.append("<li><a href=\"#cluster-").append(s).append("\">cluster ").append(s).append("</a></li>\n");
		html.append("</ul>\n");
		for (int s = 1; s <= result.stages(); s++) {
			final String hex = String.format("#%06x", colour(s).getRGB() & 0xffffff);
			final List<Integer> members = new ArrayList<>();
			for (int i = 0; i < frames.length; i++) if (result.stage()[i] == s) members.add(i);
			html.append("<h2 id=\"cluster-").append(s).append("\" style=\"color:").append(hex).append("\">cluster ")
				.append(s).append(" (").append(members.size()).append(" frames)</h2>\n<div>\n");
			for (int m = 0; m < Math.min(members.size(), GALLERY_PER_CLUSTER); m++) {
				final int i = members.get(m);
				final String name = String.format(Locale.ROOT, "frame_%06d.jpg", frames[i]);
				final BufferedImage picture = thumbnail.apply(i);
				AtomicFiles.write(pictures.resolve(name), file -> ImageIO.write(picture, "jpg", file.toFile()));
				html.append("<figure><img src=\"frames/").append(name).append("\" style=\"border-color:").append(hex)
					.append("\" alt=\"frame ").append(frames[i]).append("\"><figcaption>frame ").append(frames[i]);
				if (Double.isFinite(times[i])) html.append(" · ").append(time(times[i]));
				html.append("</figcaption></figure>\n");
			}
			if (members.size() > GALLERY_PER_CLUSTER)
				html.append("<p>and ").append(members.size() - GALLERY_PER_CLUSTER).append(" more frames</p>\n");
			html.append("</div>\n");
		}
		html.append("</body></html>\n");
		AtomicFiles.write(folder.resolve("index.html"),
			file -> Files.writeString(file, html.toString(), StandardCharsets.UTF_8));
	}

	private static Graphics2D graphics(final BufferedImage image) {
		final Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		return g;
	}

	private static void png(final Path file, final BufferedImage image) throws IOException {
		AtomicFiles.write(file, f -> ImageIO.write(image, "png", f.toFile()));
	}

	/** A time for people: 12.48 s under a minute, 4:05 (m:ss) under an hour, else 3:07:21 (h:mm:ss). */
	public static String time(final double seconds) {
		if (seconds < 60) return String.format(Locale.ROOT, "%.2f s", seconds);
		final long s = Math.round(seconds);
		return s < 3600
			? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
			: String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	}

	/** Six significant digits, without trailing zeros; empty for NaN. */
	static String number(final double v) {
		if (!Double.isFinite(v)) return "";
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		final String s = String.format(Locale.ROOT, "%.6g", v);
		return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}

package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;
import org.medxai.fixtures.SyntheticVideos;
import org.medxai.training.TrainingLoop;

/**
 * Real macros in the assembled ImageJ 1.x application (target/imagej), started by its launcher exactly as the README
 * tells users, with no display.
 */
class ImageJHostIT {

	@TempDir
	Path temp;

	static Path app() {
		return Path.of(System.getProperty("medxai.imagej.dir", "target/imagej"));
	}

	/** Runs the launcher headless; returns its combined output. */
	String runMacro(final Path macro, final String arguments) throws IOException, InterruptedException {
		return runMacro(macro, arguments, 0);
	}

	/** Runs the launcher headless, expecting {@code exitStatus}; returns its combined output. */
	String runMacro(final Path macro, final String arguments, final int exitStatus)
		throws IOException, InterruptedException
	{
		return HostLauncher.run(app(), macro, arguments, exitStatus, temp);
	}

	/** Starts the launcher headless with its output going to {@code log} ({@link HostLauncher#start}). */
	Process startMacro(final Path macro, final String arguments, final Path log) throws IOException {
		return startMacro(app(), macro, arguments, log);
	}

	/** As {@link #startMacro(Path, String, Path)}, with the application in {@code application}. */
	Process startMacro(final Path application, final Path macro, final String arguments, final Path log)
		throws IOException
	{
		return HostLauncher.start(application, macro, arguments, log, temp.resolve("home"));
	}

	@Test
	void classifyFolderMacroWritesCsvAndSkipsBadFiles() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in put"));
		Files.copy(TestPaths.testImages().resolve("polyp_02.png"), input.resolve("p.png"));
		Files.copy(TestPaths.testImages().resolve("nonpolyp_03.png"), input.resolve("n.png"));
		Files.copy(TestPaths.testImages().resolve("stack_rgb_3frames.tif"), input.resolve("s.tif"));
		Files.write(input.resolve("broken.jpg"), new byte[] { (byte) 0xff, (byte) 0xd8, 0, 1 });
		Files.write(input.resolve("empty.jpg"), new byte[0]);
		Files.write(input.resolve("empty.png"), new byte[0]);
		final java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(TestPaths.testImages().resolve("polyp_01.png").toFile()),
			"jpg", jpeg);
		Files.write(input.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg.toByteArray(), jpeg.size() * 2 / 3));
		final Path output = temp.resolve("out");
		final String log = runMacro(TestPaths.project().resolve("macros/classify_folder.ijm"),
			"input=[" + input + "] output=[" + output + "] model=[" + TestPaths.demoModel() + "] device=cpu batch=2");
		final List<String> csv = Files.readAllLines(output.resolve("classification.csv"));
		assertEquals("file,slice,status,label,p_non-polyp,p_polyp,message,model,model_sha256", csv.get(0), log);
		assertEquals(1 + 4 + 1 + 1 + 3, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(1).startsWith("broken.jpg,,error,"), csv.get(1));
		assertTrue(csv.get(2).startsWith("cut.jpg,1,warning,") && csv.get(2).contains("cut short"), csv.get(2));
		assertTrue(csv.get(3).startsWith("empty.jpg,,error,") && csv.get(3).contains("the file is empty"), csv.get(3));
		assertTrue(csv.get(4).startsWith("empty.png,,error,"), csv.get(4));
		assertTrue(csv.get(5).startsWith("n.png,1,ok,non-polyp,"), csv.get(5));
		assertTrue(csv.get(6).startsWith("p.png,1,ok,polyp,"), csv.get(6));
		assertTrue(csv.get(8).startsWith("s.tif,2,ok,polyp,"), csv.get(8));
		assertTrue(log.contains("broken.jpg: not a readable image"), log);
		assertTrue(log.contains("MedXAI: results in"), "empty files never end the calling macro:\n" + log);
	}

	@Test
	void classifyFolderMacroUsesTheBundledModelWhenNoneIsGiven() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("in"));
		Files.copy(TestPaths.testImages().resolve("polyp_01.png"), input.resolve("a.png"));
		Files.copy(TestPaths.testImages().resolve("grey16_nonpolyp.tif"), input.resolve("b.tif"));
		final Path output = temp.resolve("out");
		final String log = runMacro(TestPaths.project().resolve("macros/classify_folder.ijm"),
			"input=[" + input + "] output=[" + output + "]");
		final List<String> csv = Files.readAllLines(output.resolve("classification.csv"));
		assertEquals("file,slice,status,label,p_non-polyp,p_polyp,message,model,model_sha256", csv.get(0), log);
		assertEquals(3, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(1).startsWith("a.png,1,ok,"), csv.get(1));
		assertTrue(csv.get(2).startsWith("b.tif,1,ok,"), csv.get(2));
	}

	@Test
	void polypSegmentFolderMacroWritesMasksCamsAndEvaluation() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("images"));
		Files.copy(TestPaths.testImages().resolve("polyp_01.png"), input.resolve("polyp_01.png"));
		Files.copy(TestPaths.testImages().resolve("polyp_03.png"), input.resolve("polyp_03.png"));
		Files.copy(TestPaths.testImages().resolve("nonpolyp_02.png"), input.resolve("extra.png"));
		Files.write(input.resolve("broken.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G' });
		final Path output = temp.resolve("seg");
		final String log = runMacro(TestPaths.project().resolve("macros/polyp_segment_folder.ijm"),
			"input=[" + input + "] output=[" + output + "] truth=[" + TestPaths.testImages().resolve("masks") +
				"] model=[" + TestPaths.demoModel() + "] method=gradcam rule=otsu device=cpu");
		for (final String name : List.of("polyp_01", "polyp_03", "extra")) {
			final ij.ImagePlus mask = ij.IJ.openImage(output.resolve(name + "_mask.png").toString());
			assertEquals(128, mask.getWidth(), log);
			assertEquals(128, mask.getHeight());
			final int[] histogram = mask.getProcessor().getHistogram();
			assertEquals(128 * 128, histogram[0] + histogram[255], "mask must be 0/255");
			final ij.ImagePlus cam = ij.IJ.openImage(output.resolve(name + "_cam.tif").toString());
			assertEquals(32, cam.getBitDepth());
			final var stats = cam.getProcessor().getStatistics();
			assertTrue(stats.min >= 0 && stats.max <= 1, "cam range " + stats.min + ".." + stats.max);
		}
		final List<String> csv = Files.readAllLines(output.resolve("segmentation.csv"));
		assertEquals("file,status,label,p_non-polyp,p_polyp,explained_class,mask_area_fraction," +
			"method,rule,message,model,model_sha256", csv.get(0));
		assertTrue(csv.get(1).startsWith("broken.png,error,"), csv.get(1));
		assertTrue(csv.get(2).startsWith("extra.png,ok,"), csv.get(2));
		final List<String> evaluation = Files.readAllLines(output.resolve("evaluation.csv"));
		assertEquals("name,status,dice,iou,precision,recall,accuracy,message", evaluation.get(0));
		assertTrue(evaluation.stream().anyMatch(l -> l.startsWith("extra,error,") && l.contains("no truth mask")),
			String.join("\n", evaluation));
		assertTrue(evaluation.stream().anyMatch(l -> l.startsWith("polyp_01,ok,")));
		assertTrue(evaluation.get(evaluation.size() - 1).startsWith("mean,ok,"));
	}

	@Test
	void shapTableMacroWritesAdditiveValuesMetricsAndPlots() throws Exception {
		// a binary target with a categorical feature and missing cells ('?' and empty)
		final String csv = org.medxai.tabular.SyntheticTables.csv(150, "binary", 21)
			.replaceFirst("\n(P003,)[^,]*,", "\n$1?,").replaceFirst("\n(P007,[^,]*,)[^,]*,", "\n$1,");
		final Path table = temp.resolve("clinic table.csv");
		Files.writeString(table, csv);
		final Path output = temp.resolve("shap out");
		final String log = runMacro(TestPaths.project().resolve("macros/shap_table.ijm"), "table=[" + table +
			"] target=binary output=[" + output + "] model=gradient_boosting id=id trees=60 folds=3");
		final List<String> lines = Files.readAllLines(output.resolve("shap_values.csv"));
		assertEquals("row,prediction,base_value,shap_a,shap_b,shap_c,shap_d,shap_e,shap_colour,class,id,truth",
			lines.get(0), log);
		assertEquals(151, lines.size());
		for (final String line : lines.subList(1, lines.size())) {
			final String[] f = line.split(",");
			double sum = Double.parseDouble(f[2]);
			for (int j = 3; j < 9; j++) sum += Double.parseDouble(f[j]);
			final double prediction = Double.parseDouble(f[1]);
			assertEquals(prediction, sum, 1e-9, line);
			assertTrue(prediction >= 0 && prediction <= 1, "a probability: " + line);
			assertEquals("yes", f[9], "binary: the probability of the second class");
		}
		final String metrics = Files.readString(output.resolve("metrics.csv"));
		assertTrue(metrics.startsWith("metric,value\n"), metrics);
		assertTrue(metrics.contains("\ncv_accuracy,") && metrics.contains("\ncv_roc_auc,") &&
			metrics.contains("\nmissing_feature_cells,2\n"), metrics);
		for (final String plot : List.of("shap_beeswarm.png", "shap_bar.png")) {
			final java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(output.resolve(plot).toFile());
			assertTrue(image.getWidth() >= 800 && image.getHeight() >= 300, plot);
		}
	}

	@Test
	void joinMacroAddsAPatientsVideoProbabilitiesToTheClinicalTable() throws Exception {
		final Path table = temp.resolve("clinical table.csv");
		Files.writeString(table, "patient_id,age\n7,61\n8,44\n");
		final Path videos = temp.resolve("predictions.csv");
		Files.writeString(videos, "file,label,p_no,p_yes\npatient_7_L1.mp4,yes,0.25,0.75\n" +
			"patient_7_R3.mp4,yes,0.05,0.95\npatient_8_L2.mp4,no,0.9,0.1\n");
		final Path joined = temp.resolve("joined table.csv");
		final String log = runMacro(TestPaths.project().resolve("macros/join_table_features.ijm"), "table=[" + table +
			"] id=patient_id features=[" + videos + "] output=[" + joined + "] pattern=patient_{id}_* several=max");
		assertEquals(List.of("patient_id,age,image_label,image_p_no,image_p_yes,image_count", "7,61,yes,0.25,0.95,2",
			"8,44,no,0.9,0.1,1"), Files.readAllLines(joined), log);
	}

	@Test
	void meibographyFolderMacroWritesMasksAndTablesAndSkipsBadFiles() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("meibo in"));
		final Path set = TestPaths.testImages().resolve("meibography/images");
		Files.copy(set.resolve("synthetic_UPPER_01.png"), input.resolve("synthetic_UPPER_01.png"));
		Files.copy(set.resolve("synthetic_LOWER_02.png"), input.resolve("lid two.png"));
		Files.write(input.resolve("broken.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G' });
		final ij.ImagePlus blank = ij.IJ.createImage("blank", "8-bit black", 320, 160, 1);
		new ij.io.FileSaver(blank).saveAsPng(input.resolve("blank.png").toString());
		final ij.ImagePlus deep = ij.IJ.createImage("deep", "16-bit ramp", 320, 160, 1);
		new ij.io.FileSaver(deep).saveAsTiff(input.resolve("deep.tif").toString());
		final Path output = temp.resolve("meibo out");
		final String log = runMacro(TestPaths.project().resolve("macros/meibography_folder.ijm"),
			"input=[" + input + "] output=[" + output + "] model=[" +
				TestPaths.testImages().resolve("meibography-demo-model") + "] device=cpu");
		for (final String name : List.of("synthetic_UPPER_01", "lid two")) {
			for (final String kind : List.of("_eyelid.png", "_glands.png")) {
				final ij.ImagePlus mask = ij.IJ.openImage(output.resolve(name + kind).toString());
				assertEquals(320, mask.getWidth(), log);
				assertEquals(160, mask.getHeight());
				final int[] histogram = mask.getProcessor().getHistogram();
				assertEquals(320 * 160, histogram[0] + histogram[255], "mask must be 0/255");
			}
		}
		final List<String> csv = Files.readAllLines(output.resolve("meibography.csv"));
		assertEquals(
			"file,status,side,eyelid_area,gland_area,gland_area_ratio,dropout_percent,meiboscore,meiboscale," +
				"gland_count,mean_gland_length,mean_gland_width,mean_gland_tortuosity,rule,message,model,model_sha256",
			csv.get(0));
		assertEquals(6, csv.size(), String.join("\n", csv));
		assertTrue(csv.stream().anyMatch(l -> l.startsWith("broken.png,error,")));
		assertTrue(csv.stream().anyMatch(l -> l.startsWith("blank.png,error,") && l.contains("blank")));
		assertTrue(csv.stream().anyMatch(l -> l.startsWith("deep.tif,error,") && l.contains("8-bit or RGB")));
		final String upper = csv.stream().filter(l -> l.startsWith("synthetic_UPPER_01.png,ok,upper,")).findFirst()
			.orElseThrow(() -> new AssertionError(String.join("\n", csv)));
		final double ratio = Double.parseDouble(upper.split(",")[5]);
		assertTrue(ratio > 0 && ratio < 1, upper);
		assertTrue(Files.readAllLines(output.resolve("glands.csv")).size() > 3, "one row per gland");
	}

	/**
	 * The README's main job: every test image classified correctly, explained (CAM maps and masks scored against the
	 * generated masks), the synthetic lids measured, the generated table explained with SHAP (the known rule
	 * recovered), and all of it in an HTML report that a real headless browser renders (screenshot in
	 * target/test-artifacts).
	 */
	@Test
	void demoMacroRunsTheMainJobAndWritesAReportABrowserRenders() throws Exception {
		final Path output = temp.resolve("demo");
		runMacro(TestPaths.project().resolve("macros/demo.ijm"),
			"images=[" + TestPaths.testImages() + "] output=[" + output + "]");
		final List<String> csv = Files.readAllLines(output.resolve("classification.csv"));
		long correct = 0;
		for (final String line : csv.subList(1, csv.size())) {
			final String[] f = line.split(",");
			assertEquals("ok", f[2], line);
			final boolean truth = f[0].contains("nonpolyp")
				? false
				: f[0].contains("polyp") ? true : f[0].startsWith("stack") && f[1].equals("2");
			if (truth == f[3].equals("polyp")) correct++;
		}
		assertEquals(csv.size() - 1, correct, String.join("\n", csv));
		assertTrue(Files.readString(output.resolve("engine.txt")).contains("engine = PyTorch"));
		assertTrue(Files.exists(output.resolve("polyp/polyp_01_cam.tif")));
		assertTrue(Files.readString(output.resolve("polyp/evaluation.csv")).contains("\nmean,ok,"));
		assertTrue(Files.readAllLines(output.resolve("meibography/meibography.csv")).size() > 10);
		// SHAP names the generated rule's strongest cause first and the column that plays no part near the end
		final List<String> shap = Files.readAllLines(output.resolve("shap/metrics.csv")).stream()
			.filter(l -> l.startsWith("mean_abs_shap_")).toList();
		assertTrue(shap.get(0).startsWith("mean_abs_shap_fit_positive,"), String.join("\n", shap));
		assertTrue(
			shap.indexOf(
				shap.stream().filter(l -> l.contains("visit_weekday")).findFirst().orElseThrow()) >= shap.size() - 2,
			String.join("\n", shap));

		final Path index = output.resolve("index.html");
		final String html = Files.readString(index);
		for (final String section : List.of("Classification", "Grad-CAM and polyp masks", "Meibography", "SHAP"))
			assertTrue(html.contains(section), section);
		final java.util.regex.Matcher images = java.util.regex.Pattern.compile("<img src='([^']+)'").matcher(html);
		int pictures = 0;
		while (images.find()) {
			assertTrue(Files.isRegularFile(output.resolve(images.group(1))), images.group(1));
			pictures++;
		}
		// 13 thumbnails, 11 CAM pictures, 8 lids, 2 SHAP plots
		assertEquals(34, pictures, html);

		final HeadlessBrowser browser = HeadlessBrowser.require(temp);
		final String dom = browser.dom(index);
		assertEquals(11 + 8 + 2, HeadlessBrowser.count(dom, "<figure>"), dom);
		final java.awt.image.BufferedImage page = browser.screenshot(index, 1300, 4200, "demo-report.png");
		// what the page shows: the CAM masks' cyan outlines, the CAM's jet colours, the lids' yellow glands
		assertTrue(HeadlessBrowser.pixels(page, p -> near(p, 0x00e5ff, 60)) > 1000, "CAM mask outlines rendered");
		assertTrue(
			HeadlessBrowser.pixels(page, p -> (p >> 16 & 0xff) > 150 && (p >> 8 & 0xff) < 90 && (p & 0xff) < 90) > 5000,
			"CAM heat rendered");
		assertTrue(HeadlessBrowser.pixels(page,
			p -> (p >> 16 & 0xff) > 180 && (p >> 8 & 0xff) > 150 && (p & 0xff) < 90) > 1000, "glands rendered");
	}

	private static boolean near(final int rgb, final int colour, final int tolerance) {
		for (int shift = 0; shift <= 16; shift += 8)
			if (Math.abs((rgb >> shift & 0xff) - (colour >> shift & 0xff)) > tolerance) return false;
		return true;
	}

	@Test
	void macroKeysAreTheFieldNamesAndResultsReachTheMacro() throws Exception {
		final Path macro = temp.resolve("keys.ijm");
		Files.writeString(macro,
			String.join("\n", "open(\"" + TestPaths.testImages().resolve("stack_rgb_3frames.tif") + "\");",
				"id = getImageID();",
				"run(\"Classify Image with MedXAI\", \"model_file=[" + TestPaths.demoModel() +
					"] device=cpu batch_size=2\");",
				"print(\"rows=\" + nResults + \" second=\" + getResultString(\"label\", 1));",
				"print(\"same image=\" + (getImageID() == id));", "List.setCommands;",
				"print(\"bridge=\" + List.get(\"Classify Image with MedXAI\"));",
				"print(\"info=\" + List.get(\"Engine and Device Info\"));"));
		final String log = runMacro(macro, null);
		assertTrue(log.contains("rows=3 second=polyp"), log);
		assertTrue(log.contains("same image=1"), log);
		assertTrue(log.contains("bridge=org.medxai.ij1.CommandBridge(\"org.medxai.commands.ClassifyImageCommand\")"),
			log);
		assertTrue(log.contains("info=org.medxai.ij1.CommandBridge"), log);
	}

	@Test
	void errorsReachTheMacroUserAsOneMessage() throws Exception {
		final Path macro = temp.resolve("error.ijm");
		Files.writeString(macro,
			String.join("\n", "newImage(\"four\", \"8-bit black\", 8, 8, 4, 1, 1);",
				"run(\"Classify Image with MedXAI\", \"model_file=[" + TestPaths.demoModel() +
					"] device=cpu batch_size=1\");",
				"print(\"not reached\");"));
		final String log = runMacro(macro, null, 1);
		assertTrue(log.contains("The image 'four' has 4 channels"), log);
		assertTrue(!log.contains("not reached"), log);
	}

	@Test
	void classifyFolderWithoutArgumentsPrintsUsage() throws Exception {
		final String log = runMacro(TestPaths.project().resolve("macros/classify_folder.ijm"), "model=x");
		assertTrue(log.contains("Usage: classify_folder.ijm"), log);
	}

	@Test
	void clusterVideoMacroWritesItsFilesAndReportsABadVideo() throws Exception {
		final int[] lengths = { 15, 10, 20, 12 };
		final int[] stageOf = new int[57];
		for (int s = 0, i = 0; s < lengths.length; s++) for (int f = 0; f < lengths[s]; f++) stageOf[i++] = s;
		final Random random = new Random(8);
		final Path video = temp.resolve("stages video.mp4");
		SyntheticVideos.write(video, stageOf.length, 96, 96, 10, "mpeg4",
			i -> SyntheticVideos.stageFrame(stageOf[i], random));
		final Path labels = temp.resolve("phases.csv");
		Files.writeString(labels, "phase,first,last\na,1,15\nb,16,25\nc,26,45\nd,46,57\n");
		final Path output = temp.resolve("video out");
		final Path macro = TestPaths.project().resolve("macros/cluster_video.ijm");
		final String log = runMacro(macro, "input=[" + video + "] output=[" + output + "] labels=[" + labels +
			"] map=tsne sampling=every:1 device=cpu");
		final List<String> clusters = Files.readAllLines(output.resolve("clusters.csv"));
		assertEquals("frame,time,cluster,x,y,distance", clusters.get(0), log);
		assertEquals(58, clusters.size());
		assertTrue(clusters.get(17).startsWith("17,1.6,"), clusters.get(17)); // frame 17 at 1.6 s
		double ari = -1;
		for (final String line : Files.readAllLines(output.resolve("metrics.csv")))
			if (line.startsWith("ari,")) ari = Double.parseDouble(line.substring(4));
		assertTrue(ari >= 0.95, "ARI " + ari + "\n" + log);
		for (final String file : List.of("scatter.png", "timeline.png", "gallery/index.html"))
			assertTrue(Files.size(output.resolve(file)) > 0, file);
		final Path broken = temp.resolve("broken.mp4");
		Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(video), 2000));
		final String failed = runMacro(macro, "input=[" + broken + "] output=[" + temp.resolve("o") + "]", 1);
		assertTrue(failed.contains("broken.mp4"), failed);
	}

	/**
	 * The video model macros in the real host: a tiny CNN-Transformer trained headless on class folders of generated
	 * clips, then a folder explained with it (a broken video reported and skipped); a mistyped key stops with the keys.
	 */
	@Test
	void videoModelMacrosTrainAndExplainAFolder() throws Exception {
		final Random random = new Random(4);
		final Path videos = temp.resolve("labelled videos");
		for (int v = 0; v < 10; v++) {
			final boolean event = v % 2 == 0;
			final SyntheticVideos.EventClip clip = SyntheticVideos.eventClip(event, 6, 16, random);
			final Path folder = Files.createDirectories(videos.resolve(event ? "event" : "quiet"));
			SyntheticVideos.write(folder.resolve("v" + v + ".avi"), 6, 16, 16, 5, "mjpeg", clip.frames()::get);
		}
		final Path model = temp.resolve("video model");
		final String trained = runMacro(TestPaths.project().resolve("macros/train_video_classifier.ijm"),
			"videos=[" + videos + "] output=[" + model + "] frames=6 size=32 width=4 tokens=8 layers=1 heads=2 " +
				"frame_epochs=1 temporal_epochs=2 device=cpu");
		assertTrue(Files.isRegularFile(model.resolve("model-card.json")), trained);
		final Path input = Files.createDirectories(temp.resolve("to explain"));
		Files.copy(videos.resolve("event/v0.avi"), input.resolve("first.avi"));
		Files.copy(videos.resolve("quiet/v1.avi"), input.resolve("second.avi"));
		Files.writeString(input.resolve("broken.mp4"), "not a video");
		final Path output = temp.resolve("explained");
		final String log = runMacro(TestPaths.project().resolve("macros/explain_video_folder.ijm"), "input=[" + input +
			"] output=[" + output + "] model=[" + model.resolve("model-card.json") + "] method=rollout device=cpu");
		final List<String> predictions = Files.readAllLines(output.resolve("predictions.csv"));
		assertEquals("file,label,p_event,p_quiet", predictions.get(0), log);
		assertEquals(3, predictions.size(), log);
		assertEquals("file,frame,time,attention,rollout,grad_attention,cam_max",
			Files.readAllLines(output.resolve("attention.csv")).get(0));
		assertEquals(1 + 12, Files.readAllLines(output.resolve("attention.csv")).size());
		for (final String file : List.of("first_timeline.png", "first_cam.tif", "second_cam.tif"))
			assertTrue(Files.size(output.resolve(file)) > 0, file);
		assertTrue(log.contains("broken.mp4"), log);
		final String mistyped = runMacro(TestPaths.project().resolve("macros/explain_video_folder.ijm"),
			"input=[" + input + "] output=[" + temp.resolve("o2") + "] metod=rollout", 1);
		assertTrue(mistyped.contains("metod"), mistyped);
	}

	/**
	 * The application without FFmpeg's and JavaCPP's platform jars (the natives), as on a platform they were not
	 * shipped for: it starts, clusters a folder of frames, and refuses a video with one message that says why.
	 */
	@Test
	void withoutTheFfmpegNativesFrameFoldersWorkAndVideosSayWhyNot() throws Exception {
		final Path application = Files.createDirectories(temp.resolve("app without natives"));
		try (var entries = Files.list(app())) {
			for (final Path entry : entries.toList())
				if (!entry.getFileName().toString().equals("jars"))
					Files.createSymbolicLink(application.resolve(entry.getFileName()), entry.toAbsolutePath());
		}
		final Path jars = Files.createDirectories(application.resolve("jars"));
		int leftOut = 0;
		try (var entries = Files.list(app().resolve("jars"))) {
			for (final Path jar : entries.toList()) {
				final String name = jar.getFileName().toString();
				if (name.matches("(ffmpeg|javacpp)-.*-(linux|macosx|windows|android|ios)-[a-z0-9_]+\\.jar")) leftOut++;
				else Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
			}
		}
		assertTrue(leftOut >= 2, "the platform jars were found and left out");
		final Path frames = Files.createDirectories(temp.resolve("frames"));
		final Random random = new Random(3);
		for (int i = 0; i < 24; i++) {
			final ColorProcessor frame = new ColorProcessor(96, 96, SyntheticVideos.stageFrame(i < 12 ? 0 : 2, random));
			new FileSaver(new ImagePlus("f", frame)).saveAsPng(frames.resolve("RUN" + (i + 1) + ".png").toString());
		}
		final Path macro = TestPaths.project().resolve("macros/cluster_video.ijm");
		final Path log = temp.resolve("no-natives.log");
		Process process = startMacro(application, macro,
			"input=[" + frames + "] output=[" + temp.resolve("frames out") + "] stages=2", log);
		assertTrue(process.waitFor(5, TimeUnit.MINUTES), "launcher timed out");
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertEquals(0, process.exitValue(), output);
		assertEquals(25, Files.readAllLines(temp.resolve("frames out").resolve("clusters.csv")).size(), output);
		final Path video = temp.resolve("clip.mp4");
		SyntheticVideos.write(video, 10, 64, 64, 10, "mpeg4", i -> SyntheticVideos.stageFrame(0, random));
		process = startMacro(application, macro, "input=[" + video + "] output=[" + temp.resolve("video out") + "]",
			log);
		assertTrue(process.waitFor(5, TimeUnit.MINUTES), "launcher timed out");
		output = Files.readString(log, StandardCharsets.UTF_8);
		assertEquals(1, process.exitValue(), output);
		assertTrue(output.contains("FFmpeg's native libraries") && output.contains("could not be loaded") &&
			output.contains("Image sequences (a folder of frames) and stacks already open still work"), output);
	}

	@Test
	void failedRunsExitNonZeroWithTheMessageOnStderr() throws Exception {
		final Path classify = TestPaths.project().resolve("macros/classify_folder.ijm");
		final Path input = Files.createDirectories(temp.resolve("in"));
		Files.copy(TestPaths.testImages().resolve("polyp_01.png"), input.resolve("a.png"));
		final String model = " model=[" + TestPaths.demoModel() + "]";
		final String[][] cases = {
			{ "input=[" + temp.resolve("missing") + "] output=[" + temp.resolve("o1") + "]" + model,
				"Input folder not found" },
			{ "input=[" + input + "] output=[" + temp.resolve("o2") + "] modle=[" + TestPaths.demoModel() + "]",
				"Unknown argument modle" },
			{ "input=[" + input + "] output=[" + temp.resolve("o3") + "] device=tpu" + model,
				"device=tpu is not allowed; choose one of auto, cpu, gpu" },
			{ "input=[" + input + "] output=[" + temp.resolve("o4") + "] batch=abc" + model,
				"batch_size=abc is not a number" } };
		for (final String[] c : cases) {
			final String log = runMacro(classify, c[0], 1);
			assertTrue(log.contains(c[1]) && log.contains("MedXAI: "), c[1] + " missing from:\n" + log);
		}
		final Path macro = temp.resolve("typo.ijm");
		Files.writeString(macro, "run(\"Classify Folder with MedXAI\", \"input_folder=[" + input + "] output_folder=[" +
			temp.resolve("o5") + "] modle_file=[x] device=cpu\");\nprint(\"not reached\");\n");
		final Path stderr = temp.resolve("stderr.log");
		final List<String> command = List.of(app().resolve("medxai-imagej").toString(), "--headless", "-batch",
			macro.toString());
		final ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
			.redirectOutput(temp.resolve("stdout.log").toFile());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("MEDXAI_JAVA_OPTS", "-Duser.home=" + temp.resolve("home"));
		final Process process = builder.start();
		assertTrue(process.waitFor(2, TimeUnit.MINUTES));
		assertEquals(1, process.exitValue());
		final String errors = Files.readString(stderr);
		assertTrue(errors.contains("MedXAI: 'Classify Folder with MedXAI' has no key modle_file. Its keys are: "),
			errors);
		assertTrue(!Files.readString(temp.resolve("stdout.log")).contains("not reached"));
		assertTrue(Files.notExists(temp.resolve("o5")), "nothing ran");
	}

	@Test
	void aRunStoppedBySigintOrSigtermLeavesMatchingResultsThatResumeCompletes() throws Exception {
		final Path input = Files.createDirectories(temp.resolve("many"));
		final List<String> sources = List.of("polyp_01.png", "polyp_02.png", "nonpolyp_01.png", "nonpolyp_02.png");
		final int files = 160;
		for (int i = 1; i <= files; i++) {
			Files.copy(TestPaths.testImages().resolve(sources.get(i % 4)), input.resolve("frame" + i + ".png"));
		}
		for (final String signal : List.of("INT", "TERM")) {
			final Path output = temp.resolve("seg-" + signal);
			final String arguments = "input=[" + input + "] output=[" + output + "] model=[" + TestPaths.demoModel() +
				"] method=gradcam rule=otsu device=cpu";
			final Path macro = TestPaths.project().resolve("macros/polyp_segment_folder.ijm");
			final Path log = temp.resolve("stopped-" + signal + ".log");
			final Process process = startMacro(macro, arguments, log);
			final Path csv = output.resolve("segmentation.csv");
			final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (!(Files.exists(csv) && Files.readAllLines(csv).size() > 4) && System.nanoTime() < deadline) {
				assertTrue(process.isAlive(), "finished before it could be stopped:\n" + Files.readString(log));
				Thread.sleep(20);
			}
			new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
			assertTrue(process.waitFor(2, TimeUnit.MINUTES), "did not stop on SIG" + signal);
			assertEquals(signal.equals("INT") ? 130 : 143, process.exitValue(), Files.readString(log));
			final String text = Files.readString(csv);
			assertTrue(text.endsWith("\n"), "the last row is whole");
			final List<String> rows = text.lines().toList();
			assertTrue(rows.size() > 4 && rows.size() < files + 1, "stopped part-way: " + rows.size() + " rows");
			final java.util.Set<String> rowNames = new java.util.HashSet<>();
			for (final String row : rows.subList(1, rows.size())) {
				assertEquals(rows.get(0).split(",", -1).length, row.split(",", -1).length, row);
				assertTrue(row.contains(",ok,"), row);
				rowNames.add(row.substring(0, row.indexOf(".png")));
			}
			final java.util.Set<String> masks = new java.util.HashSet<>(), cams = new java.util.HashSet<>();
			try (var listing = Files.list(output)) {
				for (final Path p : listing.toList()) {
					final String name = p.getFileName().toString();
					if (name.endsWith("_mask.png")) masks.add(name.substring(0, name.length() - 9));
					else if (name.endsWith("_cam.tif")) cams.add(name.substring(0, name.length() - 8));
					else assertEquals("segmentation.csv", name, "nothing else is left behind");
				}
			}
			assertEquals(rowNames, masks, "every row has its mask and every mask its row");
			assertEquals(rowNames, cams);
			final String resumed = runMacro(macro, arguments + " existing=resume");
			final List<String> all = Files.readAllLines(csv);
			assertEquals(files + 1, all.size(), resumed);
			assertEquals(files, all.stream().skip(1).map(r -> r.substring(0, r.indexOf(','))).distinct().count());
		}
	}

	/** Class folders polyp/ and nonpolyp/ in {@code temp/name}, four bundled test images each. */
	private Path classFolders(final String name) throws IOException {
		final Path data = temp.resolve(name);
		for (final String c : List.of("polyp", "nonpolyp")) {
			final Path folder = Files.createDirectories(data.resolve(c));
			for (int i = 1; i <= 4; i++) {
				final String image = c + "_0" + i + ".png";
				Files.copy(TestPaths.testImages().resolve(image), folder.resolve(image));
			}
		}
		return data;
	}

	@Test
	void aTrainingKilledAfterAnEpochContinuesWithResume() throws Exception {
		final Path data = classFolders("classes");
		final Path output = temp.resolve("killed run");
		final Path macro = TestPaths.project().resolve("macros/train_classifier.ijm");
		final String arguments = "training=[" + data + "] output=[" + output + "] validation=0.25 epochs=20 size=64 " +
			"width=8 batch=2 patience=20 seed=3 device=cpu name=killed";
		final Path log = temp.resolve("killed.log");
		final Process process = startMacro(macro, arguments, log);
		final Path state = output.resolve(TrainingLoop.RESUME_FOLDER).resolve("state.json");
		final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (!Files.exists(state) && System.nanoTime() < deadline) {
			assertTrue(process.isAlive(), "finished before it could be killed:\n" + Files.readString(log));
			Thread.sleep(20);
		}
		process.destroyForcibly();
		assertTrue(process.waitFor(1, TimeUnit.MINUTES));
		// a run that ends by itself deletes its state: this one was killed part-way
		assertTrue(Files.exists(output.resolve(TrainingLoop.RESUME_FOLDER)), Files.readString(log));
		final String resumed = runMacro(macro, arguments + " resume=true");
		assertEquals(1 + 20, Files.readAllLines(output.resolve(TrainingLoop.HISTORY_NAME)).size(), resumed);
		assertTrue(Files.readString(output.resolve("model-card.json")).contains("\"epochs_run\": 20"), resumed);
		assertFalse(Files.exists(output.resolve(TrainingLoop.RESUME_FOLDER)), "a finished run leaves no state");
	}

	@Test
	void theTrainingMacroReportsHeldOutImagesUnlessToldNotTo() throws Exception {
		final Path data = classFolders("classes-held-out");
		final Path macro = TestPaths.project().resolve("macros/train_classifier.ijm");
		final String arguments = "training=[" + data + "] holdout=0.25 validation=0.34 epochs=1 size=64 width=8 " +
			"batch=2 seed=3 device=cpu name=held";
		final Path reported = temp.resolve("held-out reported");
		final String first = runMacro(macro, arguments + " output=[" + reported + "]");
		assertTrue(Files.exists(reported.resolve("heldout.csv")), first);
		final Path aside = temp.resolve("held-out aside");
		final String second = runMacro(macro, arguments + " output=[" + aside + "] heldout_report=false");
		assertTrue(Files.exists(aside.resolve("model-card.json")), second);
		assertFalse(Files.exists(aside.resolve("heldout.csv")), second);
		assertTrue(second.contains("images set aside, not reported"), second);
	}

	@Test
	void meibographyTrainingMacroTakesFurtherFoldersAndAStratifiedSplit() throws Exception {
		final Path full = temp.resolve("full"), half = temp.resolve("half");
		org.medxai.fixtures.MeibographyDemoTrainer.writeSet(full, 6, 5);
		org.medxai.fixtures.MeibographyDemoTrainer.writeSet(half, 6, 60);
		for (final String sub : List.of("images", "eyelid_masks", "gland_masks")) {
			try (var files = Files.list(half.resolve(sub))) {
				for (final Path file : files.toList())
					Files.move(file, file.resolveSibling("half_" + file.getFileName()));
			}
		}
		Files.delete(half.resolve("meiboscores.csv"));
		final Path output = temp.resolve("meibo model");
		final String log = runMacro(TestPaths.project().resolve("macros/train_meibography.ijm"),
			"data=[" + full + "] more=[" + half + "] split=stratified output=[" + output +
				"] epochs=1 width=64 height=32 network=4 " + "device=cpu name=tiny split_seed=2026 seed=77");
		assertTrue(log.contains("full (6) + half (6), 12 images") && log.contains("stratified split, seed 2026"), log);
		// each key reaches its own parameter: ImageJ's dialog would read seed= out of split_seed=
		final String card = Files.readString(output.resolve("model-card.json"));
		assertTrue(card.contains("\"seed\": 77"), card);
		assertFalse(Files.exists(output.resolve(TrainingLoop.RESUME_FOLDER)), "a finished run leaves no resume state");
		final String nothing = runMacro(TestPaths.project().resolve("macros/train_meibography.ijm"),
			"data=[" + full + "] more=[" + half + "] split=stratified seed=77 output=[" + output +
				"] epochs=1 width=64 height=32 network=4 device=cpu name=tiny resume=true",
			1);
		assertTrue(nothing.contains("MedXAI: Nothing to continue in "), nothing);
		final String typo = runMacro(TestPaths.project().resolve("macros/train_meibography.ijm"),
			"data=[" + full + "] output=[" + output + "] resume=yes", 1);
		assertTrue(typo.contains("MedXAI: resume must be true or false, not 'yes'."), typo);
		final Path continued = temp.resolve("continued");
		final String again = runMacro(TestPaths.project().resolve("macros/train_meibography.ijm"),
			"data=[" + full + "] output=[" + continued +
				"] split=stratified epochs=1 width=96 height=48 network=4 device=cpu name=tiny initial=[" +
				output.resolve("model-card.json") + "]");
		assertTrue(Files.readString(continued.resolve("model-card.json")).contains("initial_model"), again);
	}
}

package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.MedXaiException;
import org.medxai.TestPaths;

/** Model cards and weight files: good, missing, corrupt, wrong hash, pickles. */
class ModelCardTest {

	@TempDir
	Path temp;

	private Path copyDemoModel() throws IOException {
		final Path folder = temp.resolve("model");
		Files.createDirectories(folder);
		try (var files = Files.list(TestPaths.demoModel())) {
			for (final Path f : files.toList()) Files.copy(f, folder.resolve(f.getFileName()));
		}
		return folder;
	}

	private static String message(final Path chosen) {
		return assertThrows(MedXaiException.class, () -> ModelLoader.load(chosen, DevicePreference.CPU).close())
			.getMessage();
	}

	@Test
	void goodCardLoadsFromCardFolderOrWeights() throws IOException {
		final Path folder = copyDemoModel();
		for (final Path chosen : new Path[] { folder, folder.resolve("model-card.json"),
			folder.resolve("demo-0000.params") })
		{
			try (LoadedModel model = ModelLoader.load(chosen, DevicePreference.CPU)) {
				assertEquals(2, model.card().numClasses());
				assertEquals("polyp", model.card().classes.get(1));
				assertEquals(64, model.card().input.width);
				assertTrue(model.hasBackboneHeadSplit());
			}
		}
	}

	@Test
	void missingWeightFile() throws IOException {
		final Path folder = copyDemoModel();
		Files.delete(folder.resolve("demo-0000.params"));
		final String m = message(folder.resolve("model-card.json"));
		assertTrue(m.startsWith("Model weight file missing:"), m);
	}

	@Test
	void truncatedWeightFileFailsTheHashCheck() throws IOException {
		final Path folder = copyDemoModel();
		final Path params = folder.resolve("demo-0000.params");
		final byte[] bytes = Files.readAllBytes(params);
		Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		final String m = message(folder);
		assertTrue(m.contains("does not match its model card"), m);
		assertTrue(m.contains("corrupt, truncated or was replaced"), m);
	}

	@Test
	void mismatchedHashInCard() throws IOException {
		final Path folder = copyDemoModel();
		final Path card = folder.resolve("model-card.json");
		final String json = Files.readString(card);
		final String sha = WeightFiles.sha256(folder.resolve("demo-0000.params"));
		Files.writeString(card, json.replace(sha, "0".repeat(64)));
		final String m = message(card);
		assertTrue(m.contains("card expects " + "0".repeat(64)), m);
	}

	@Test
	void corruptCardJson() throws IOException {
		final Path folder = copyDemoModel();
		Files.writeString(folder.resolve("model-card.json"), "{\"format\": \"medxai-model-card/1\",");
		final String m = message(folder);
		assertTrue(m.startsWith("The model card model-card.json is not valid JSON"), m);
	}

	@Test
	void incompleteCardNamesEveryProblem() throws IOException {
		final Path card = temp.resolve("card.json");
		Files.writeString(card, "{\"format\":\"medxai-model-card/1\",\"engine\":\"djl\"," +
			"\"classes\":[\"only\"],\"input\":{\"width\":0,\"height\":10}}");
		final String m = message(card);
		assertTrue(m.startsWith("The model card card.json is incomplete:"), m);
		assertTrue(m.contains("needs \"architecture\""), m);
		assertTrue(m.contains("files.params"), m);
		assertTrue(m.contains("at least two names"), m);
		assertTrue(m.contains("input.width and input.height must be positive"), m);
	}

	@Test
	void rawPickleIsRefused() throws IOException {
		final Path pickle = temp.resolve("model.pth");
		Files.write(pickle, new byte[] { (byte) 0x80, 0x04, (byte) 0x95, 0, 0, 0, '}', '.' });
		final String m = message(pickle);
		assertTrue(m.startsWith("model.pth is a Python pickle file."), m);
		assertTrue(m.contains("torch.jit.save"), m);
	}

	@Test
	void torchSaveArchiveIsRefusedEvenWithTorchScriptName() throws IOException {
		final Path archive = temp.resolve("weights.pt");
		writeZip(archive, "archive/data.pkl", "archive/data/0", "archive/version");
		assertEquals(WeightFiles.Kind.PICKLE, WeightFiles.kindOf(archive));
		final String m = message(archive);
		assertTrue(m.startsWith("weights.pt is a Python pickle file."), m);
	}

	@Test
	void pickleNamedInACardIsRefused() throws IOException {
		final Path folder = copyDemoModel();
		final Path params = folder.resolve("demo-0000.params");
		Files.write(params, new byte[] { (byte) 0x80, 0x02, ']', 'q', 0, '.' });
		final Path card = folder.resolve("model-card.json");
		final String json = Files.readString(card);
		Files.writeString(card,
			json.replaceAll("\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": \"" + WeightFiles.sha256(params) + "\""));
		final String m = message(card);
		assertTrue(m.contains("is a Python pickle file"), m);
	}

	@Test
	void weightFileOfTheWrongKind() throws IOException {
		final Path folder = copyDemoModel();
		final Path params = folder.resolve("demo-0000.params");
		Files.copy(TestPaths.torchScriptFixture().resolve("head.pt"), params,
			java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		final Path card = folder.resolve("model-card.json");
		Files.writeString(card, Files.readString(card).replaceAll("\"sha256\": \"[0-9a-f]{64}\"",
			"\"sha256\": \"" + WeightFiles.sha256(params) + "\""));
		final String m = message(card);
		assertTrue(m.contains("is not a DJL .params file"), m);
	}

	@Test
	void unknownArchitecture() throws IOException {
		final Path folder = copyDemoModel();
		final Path card = folder.resolve("model-card.json");
		Files.writeString(card, Files.readString(card).replace("medxai-small-cnn", "resnet-999"));
		final String m = message(card);
		assertTrue(m.startsWith("Unknown model architecture 'resnet-999'"), m);
	}

	@Test
	void weightFileWithoutCard() throws IOException {
		final Path lonely = temp.resolve("lonely-0000.params");
		Files.copy(TestPaths.demoModel().resolve("demo-0000.params"), lonely);
		final String m = message(lonely);
		assertTrue(m.startsWith("No model card found for lonely-0000.params"), m);
	}

	@Test
	void noModelChosen() {
		assertTrue(message(null).startsWith("No model chosen"));
		assertTrue(message(temp.resolve("nope.json")).startsWith("Model not found"));
	}

	private static void writeZip(final Path file, final String... entries) throws IOException {
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (final String entry : entries) {
				zip.putNextEntry(new ZipEntry(entry));
				zip.write(entry.getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
	}
}

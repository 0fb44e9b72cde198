package org.medxai;

import java.nio.file.Path;

/** Where the tests find the project's own fixtures. */
public final class TestPaths {

	private TestPaths() {}

	public static Path project() {
		final String dir = System.getProperty("medxai.project.dir");
		return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath();
	}

	public static Path testImages() {
		return project().resolve("test-images");
	}

	public static Path demoModel() {
		return testImages().resolve("demo-model");
	}

	public static Path torchScriptFixture() {
		return project().resolve("src/test/resources/fixtures/torchscript");
	}

	/** The TorchScript CNN-Transformer made by src/experiments/python/make_video_torchscript_fixture.py. */
	public static Path videoTorchScriptFixture() {
		return project().resolve("src/test/resources/fixtures/video-torchscript");
	}
}

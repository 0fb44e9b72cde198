package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;

/**
 * The stage explorer in a real window under Xvfb, tied to a real ImageJ stack window: a click on the map or the
 * timeline shows that frame, a dragged selection becomes a substack, the stack moves the marker; screenshot saved to
 * target/test-artifacts/.
 */
class StageExplorerIT {

	@TempDir
	Path temp;

	@Test
	void explorerFollowsClicksSelectionsAndTheStackInARealWindow() throws Exception {
		final Path artifacts = TestPaths.project().resolve("target/test-artifacts");
		final XvfbWindows.Run run = XvfbWindows.run(temp, "org.medxai.ui.StageExplorerScreenshot",
			artifacts.toString());
		assertEquals(0, run.exitValue(), run.output());
		assertTrue(run.output().contains("STAGES OK frames=72 stages=4"), run.output());
		for (final String name : new String[] { "map", "window" })
			assertTrue(Files.size(artifacts.resolve("stage-explorer-" + name + ".png")) > 5000, name);
	}
}

package org.medxai.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.TestPaths;

/**
 * The SHAP explorer in a real window under Xvfb: a fresh JVM with a display opens it on a known table, checks the plots
 * it shows, and saves a screenshot to target/test-artifacts/.
 */
class ShapExplorerIT {

	@TempDir
	Path temp;

	@Test
	void explorerShowsTheExpectedPlotsInARealWindow() throws Exception {
		final Path table = temp.resolve("clinic.csv");
		Files.writeString(table, org.medxai.tabular.SyntheticTables.csv(160, "binary", 31));
		final Path artifacts = TestPaths.project().resolve("target/test-artifacts");
		final XvfbWindows.Run run = XvfbWindows.run(temp, "org.medxai.ui.ShapExplorerScreenshot", table.toString(),
			artifacts.toString());
		final String output = run.output();
		assertEquals(0, run.exitValue(), output);
		assertTrue(output.contains("EXPLORER OK rows=160 method=TreeSHAP"), output);
		assertTrue(output.contains("RESPONSIVE worst_event_ms="), output);
		for (final String name : List.of("window", "waterfall", "beeswarm", "bar", "dependence"))
			assertTrue(Files.size(artifacts.resolve("shap-explorer-" + name + ".png")) > 5000, name);
	}
}

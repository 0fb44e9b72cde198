package org.medxai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Domain and shared packages never reach into the hosts (docs/ARCHITECTURE.md). */
class ArchitectureTest {

	private static final Pattern HOST_IMPORT = Pattern.compile(
		"^import (static )?(org\\.scijava\\.|ij\\.IJ;|ij\\.ImagePlus;|ij\\.WindowManager|ij\\.gui\\." +
			"|ij\\.Macro;|ij\\.plugin\\.frame\\.|org\\.medxai\\.commands|org\\.medxai\\.ij1|" +
			"org\\.medxai\\.launcher)", Pattern.MULTILINE);

	@Test
	void domainCodeDoesNotImportHostTypes() throws IOException {
		final Path main = TestPaths.project().resolve("src/main/java/org/medxai");
		final List<String> offenders = new ArrayList<>();
		try (Stream<Path> files = Files.walk(main)) {
			for (final Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
				final String pkg = main.relativize(file.getParent()).toString();
				if (pkg.startsWith("commands") || pkg.startsWith("ij1") || pkg.startsWith("launcher")) {
					continue;
				}
				if (HOST_IMPORT.matcher(Files.readString(file)).find()) offenders.add(main.relativize(
					file).toString());
			}
		}
		assertTrue(offenders.isEmpty(), "host imports in domain code: " + offenders);
	}
}

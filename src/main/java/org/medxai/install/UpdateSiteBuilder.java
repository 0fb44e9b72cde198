package org.medxai.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.medxai.MedXaiException;

/**
 * Lays out MedXAI's update site from a build: the plugin jar, every runtime dependency Fiji-Latest does not ship except
 * the PyTorch natives (the engine installer's), (stable file names; native jars named by platform and kept in
 * {@code jars/}, never in a platform folder, where Fiji-Latest's module path would refuse their module names), and the
 * macros under {@code macros/MedXAI/}.
 *
 * Usage (see {@code scripts/build-update-site.sh}): {@code UpdateSiteBuilder DEPENDENCIES PLUGIN_JAR VERSION MACROS
 * SITE [PREVIOUS_DB]}, DEPENDENCIES being {@code mvn dependency:list -DincludeScope=runtime
 * -DoutputAbsoluteArtifactFilename=true} output.
 */
public final class UpdateSiteBuilder {

	/**
	 * Runtime dependencies Fiji-Latest ships itself: core components of Fiji whose versions MedXAI takes from
	 * pom-scijava, the parent Fiji's own build uses (docs/INSTALL.md). A site must not bring second copies.
	 */
	public static final Set<String> FIJI_SHIPS = Set.of("net.imagej:ij", "net.imglib2:imglib2",
		"org.scijava:scijava-common", "org.scijava:parsington", "com.google.code.gson:gson", "commons-io:commons-io",
		"commons-codec:commons-codec", "org.apache.commons:commons-compress", "org.slf4j:slf4j-api",
		"net.java.dev.jna:jna");

	/**
	 * The PyTorch natives are not on the site: {@link EngineInstaller} installs the CPU or the CUDA ones per machine
	 * (docs/INSTALL.md says why).
	 */
	static boolean installedByTheEngineInstaller(final Artifact a) {
		return a.groupId().equals("ai.djl.pytorch") && a.artifactId().startsWith("pytorch-native-");
	}

	/** Artifacts whose own names say too little beside other sites' files: their site names. */
	static final Map<String, String> SITE_NAMES = Map.of("ai.djl:api", "djl-api");

	/** Native classifiers (DJL's and JavaCPP's names) → the updater's platform names. */
	static final Map<String, String> PLATFORMS = Map.ofEntries(Map.entry("linux-x86_64", "linux64"),
		Map.entry("linux-aarch64", "linux-arm64"), Map.entry("linux-arm64", "linux-arm64"),
		Map.entry("win-x86_64", "win64"), Map.entry("windows-x86_64", "win64"), Map.entry("osx-aarch64", "macos-arm64"),
		Map.entry("macosx-arm64", "macos-arm64"), Map.entry("osx-x86_64", "macos64"),
		Map.entry("macosx-x86_64", "macos64"));

	/** One resolved Maven artifact. */
	record Artifact(String groupId, String artifactId, String classifier, String version, Path file) {

		String key() {
			return groupId + ":" + artifactId;
		}
	}

	private UpdateSiteBuilder() {}

	public static void main(final String[] args) {
		final UpdateSite.Report report = build(Path.of(args[0]), Path.of(args[1]), args[2], Path.of(args[3]),
			Path.of(args[4]), args.length > 5 ? Path.of(args[5]) : null, Instant.now());
		System.out.println("Update site written to " + args[4] + " (timestamp " + report.timestamp() + "): " +
			report.added().size() + " new, " + report.updated().size() + " updated, " + report.unchanged().size() +
			" unchanged, " + report.obsolete().size() + " made obsolete.");
	}

	static UpdateSite.Report build(final Path dependencies, final Path pluginJar, final String version,
		final Path macros, final Path site, final Path previousDb, final Instant now)
	{
		return UpdateSite.publish(entries(read(dependencies), pluginJar, version, macros), previousDb, site, now);
	}

	/** The site's files: the plugin (depending on every other jar meant for all platforms), jars, natives, macros. */
	static List<UpdateSite.Entry> entries(final List<Artifact> artifacts, final Path pluginJar, final String version,
		final Path macros)
	{
		final List<UpdateSite.Entry> jars = new ArrayList<>();
		for (final Artifact a : artifacts) {
			if (FIJI_SHIPS.contains(a.key()) || installedByTheEngineInstaller(a)) continue;
			final String name = SITE_NAMES.getOrDefault(a.key(), a.artifactId());
			if (a.classifier().isEmpty()) {
				jars.add(new UpdateSite.Entry("jars/" + name + "-" + a.version() + ".jar", a.file(), List.of(), a.key(),
					List.of()));
				continue;
			}
			final String platform = PLATFORMS.get(a.classifier());
			if (platform == null)
				throw new MedXaiException(
					"No update-site platform for the native classifier " + a.classifier() + " of " + a.key() + ".");
			jars.add(new UpdateSite.Entry("jars/" + name + "-" + platform + "-" + a.version() + ".jar", a.file(),
				List.of(platform), a.key() + " natives for " + platform, List.of()));
		}
		final List<UpdateSite.Entry> entries = new ArrayList<>();
		entries.add(new UpdateSite.Entry("jars/medxai-" + version + ".jar", pluginJar, List.of(),
			"MedXAI: explainable machine learning for medical images, videos and clinical tables.",
			jars.stream().filter(e -> e.platforms().isEmpty()).map(UpdateSite.Entry::filename).toList()));
		entries.addAll(jars);
		try (Stream<Path> files = Files.list(macros)) {
			for (final Path macro : files.filter(p -> p.toString().endsWith(".ijm")).sorted().toList())
				entries.add(new UpdateSite.Entry("macros/MedXAI/" + macro.getFileName(), macro, List.of(),
					"MedXAI batch macro (docs/BATCH.md)", List.of()));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot list the macros in " + macros + ": " + e.getMessage(), e);
		}
		return entries;
	}

	/**
	 * The artifacts of a {@code mvn dependency:list} file: lines {@code group:artifact:jar[:classifier]:version:scope:
	 * /path[ -- module …]}.
	 */
	static List<Artifact> read(final Path listFile) {
		final List<String> lines;
		try {
			lines = Files.readAllLines(listFile);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read the dependency list " + listFile + ": " + e.getMessage(), e);
		}
		final List<Artifact> artifacts = new ArrayList<>();
		for (final String raw : lines) {
			final String line = raw.strip().replaceFirst(" -- module .*$", "");
			if (line.isEmpty() || !line.contains(":") || line.startsWith("The following")) continue;
			final String[] f = line.split(":", -1);
			if (f.length < 6) continue;
			final boolean classified = f.length >= 7;
			final String path = String.join(":", List.of(f).subList(classified ? 6 : 5, f.length));
			artifacts.add(new Artifact(f[0], f[1], classified ? f[3] : "", classified ? f[4] : f[3], Path.of(path)));
		}
		if (artifacts.isEmpty())
			throw new MedXaiException("The dependency list " + listFile + " names no artifact with its file; run " +
				"mvn dependency:list with -DoutputAbsoluteArtifactFilename=true.");
		return artifacts;
	}
}

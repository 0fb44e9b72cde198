package org.medxai.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;

class EngineInstallerTest {

	@TempDir
	Path temp;

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (server != null) server.stop(0);
	}

	/** A natives jar as DJL publishes them: the libraries and native/lib/pytorch.properties. */
	private Path nativesJar(final String name, final String flavour, final String version, final String classifier,
		final int libraryBytes) throws IOException
	{
		final Path file = temp.resolve("given").resolve(name);
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("pytorch/" + flavour + "/" + classifier + "/libtorch.so"));
			final byte[] library = new byte[libraryBytes];
			new Random(libraryBytes).nextBytes(library); // incompressible, so the jar has the size asked for
			zip.write(library);
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("native/lib/pytorch.properties"));
			zip.write(("version=" + version + "-20241113\nflavor=" + flavour + "\nclassifier=" + classifier +
				"\nlibraries=libtorch.so\n").getBytes(StandardCharsets.ISO_8859_1));
			zip.closeEntry();
		}
		return file;
	}

	@Test
	void platformsAreFijisNames() {
		assertEquals("linux64", EngineInstaller.platform("Linux", "amd64"));
		assertEquals("linux-arm64", EngineInstaller.platform("Linux", "aarch64"));
		assertEquals("win64", EngineInstaller.platform("Windows 11", "amd64"));
		assertEquals("macos-arm64", EngineInstaller.platform("Mac OS X", "aarch64"));
		assertEquals("macos64", EngineInstaller.platform("Mac OS X", "x86_64"));
		assertNull(EngineInstaller.platform("Linux", "x86"));
	}

	@Test
	void everyPublishedJarHasACandidateAndTheOthersSayWhy() {
		assertEquals("linux-x86_64", EngineInstaller.candidate(EngineInstaller.Flavour.CUDA, "linux64").classifier());
		assertEquals("ai/djl/pytorch/pytorch-native-cu124/2.5.1/pytorch-native-cu124-2.5.1-win-x86_64.jar",
			EngineInstaller.candidate(EngineInstaller.Flavour.CUDA, "win64").repositoryPath());
		assertTrue(assertThrows(MedXaiException.class,
			() -> EngineInstaller.candidate(EngineInstaller.Flavour.CUDA, "macos-arm64")).getMessage()
			.contains("no CUDA engine for macos-arm64"));
		assertTrue(assertThrows(MedXaiException.class,
			() -> EngineInstaller.candidate(EngineInstaller.Flavour.CPU, "linux-arm64")).getMessage()
			.contains("source=file"));
	}

	/** The catalogue's SHA-1 and size of the Linux CPU natives are those of the jar Maven resolved for the build. */
	@Test
	void theCatalogueMatchesTheNativesJarOnTheClassPath() throws Exception {
		final Path jar = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.map(Path::of).filter(p -> p.getFileName().toString().equals("pytorch-native-cpu-2.5.1-linux-x86_64.jar"))
			.findFirst().orElseThrow();
		final EngineInstaller.Candidate linux = EngineInstaller.candidate(EngineInstaller.Flavour.CPU, "linux64");
		assertEquals(linux.size(), Files.size(jar));
		assertEquals(linux.sha1(), sha1(jar));
		final EngineInstaller.InstalledEngine inspected = EngineInstaller.inspect(jar);
		assertEquals("cpu", inspected.flavour());
		assertEquals(EngineInstaller.PYTORCH_VERSION, inspected.version());
		assertEquals("linux-x86_64", inspected.classifier());
	}

	@Test
	void installingOneFlavourReplacesTheOther() throws IOException {
		final Path jars = Files.createDirectories(temp.resolve("Fiji.app/jars"));
		final Path cpu = nativesJar("pytorch-native-cpu-2.5.1-linux-x86_64.jar", "cpu", "2.5.1", "linux-x86_64", 10);
		final EngineInstaller.Installation first = EngineInstaller.install(cpu, jars, "linux64");
		assertEquals(jars.resolve("pytorch-native-cpu-linux64-2.5.1.jar"), first.engine().jar());
		assertTrue(first.removed().isEmpty());
		assertTrue(Files.exists(cpu), "a chosen file is copied, never moved away");

		final Path cuda = nativesJar("pytorch-native-cu124-2.5.1-linux-x86_64.jar", "cu124", "2.5.1", "linux-x86_64",
			20);
		final EngineInstaller.Installation second = EngineInstaller.install(cuda, jars, "linux64");
		assertTrue(second.engine().isCuda());
		assertEquals(List.of("pytorch-native-cpu-linux64-2.5.1.jar"), second.removed());
		assertEquals(List.of(second.engine().jar()),
			EngineInstaller.installed(jars).stream().map(EngineInstaller.InstalledEngine::jar).toList(),
			"one natives jar at a time");
	}

	@Test
	void wrongJarsAreRefusedWithTheReasonAndNothingChanges() throws IOException {
		final Path jars = Files.createDirectories(temp.resolve("jars"));
		final Path windows = nativesJar("w.jar", "cpu", "2.5.1", "win-x86_64", 5);
		assertTrue(assertThrows(MedXaiException.class, () -> EngineInstaller.install(windows, jars, "linux64"))
			.getMessage().contains("built for win-x86_64, but this is linux64"));
		final Path old = nativesJar("o.jar", "cpu", "2.7.1", "linux-x86_64", 5);
		assertTrue(assertThrows(MedXaiException.class, () -> EngineInstaller.install(old, jars, "linux64")).getMessage()
			.contains("holds PyTorch 2.7.1"));
		final Path notNatives = temp.resolve("plugin.jar");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(notNatives))) {
			zip.putNextEntry(new ZipEntry("a.class"));
			zip.closeEntry();
		}
		assertTrue(assertThrows(MedXaiException.class, () -> EngineInstaller.install(notNatives, jars, "linux64"))
			.getMessage().contains("is not a PyTorch natives jar"));
		final Path text = Files.writeString(temp.resolve("readme.jar"), "not a zip");
		assertTrue(assertThrows(MedXaiException.class, () -> EngineInstaller.install(text, jars, "linux64"))
			.getMessage().contains("cannot be read as a jar"));
		try (Stream<Path> left = Files.list(jars)) {
			assertEquals(0, left.count());
		}
	}

	/** A repository served locally: the download reports progress, checks size and SHA-1, and installs. */
	@Test
	void downloadsWithProgressAndChecksThenInstalls() throws Exception {
		final Path jar = nativesJar("n.jar", "cu124", "2.5.1", "linux-x86_64", 3 << 20);
		final EngineInstaller.Candidate candidate = new EngineInstaller.Candidate(EngineInstaller.Flavour.CUDA,
			"linux64", "linux-x86_64", Files.size(jar), sha1(jar));
		final String repository = serve(candidate.repositoryPath(), Files.readAllBytes(jar));
		final Path jars = Files.createDirectories(temp.resolve("jars"));
		final List<String> statuses = new ArrayList<>();
		final Path downloaded = EngineInstaller.download(candidate, repository, jars, temp.resolve("cache"),
			listener(statuses, new AtomicBoolean()));
		assertTrue(statuses.size() >= 3, "progress per megabyte: " + statuses);
		assertTrue(statuses.get(statuses.size() - 1).contains("3 of 3 MB"), statuses.toString());
		final EngineInstaller.Installation installation = EngineInstaller.install(downloaded, jars, "linux64", true);
		assertEquals("pytorch-native-cu124-linux64-2.5.1.jar", installation.engine().jar().getFileName().toString());
		assertFalse(Files.exists(downloaded));
	}

	@Test
	void aCorruptShortOrStoppedDownloadLeavesNothing() throws Exception {
		final Path jar = nativesJar("n.jar", "cpu", "2.5.1", "linux-x86_64", 3 << 20);
		final byte[] bytes = Files.readAllBytes(jar);
		final Path jars = Files.createDirectories(temp.resolve("jars"));
		final EngineInstaller.Candidate wrongSha = new EngineInstaller.Candidate(EngineInstaller.Flavour.CPU, "linux64",
			"linux-x86_64", bytes.length, "0".repeat(40));
		final String repository = serve(wrongSha.repositoryPath(), bytes);
		assertTrue(assertThrows(MedXaiException.class,
			() -> EngineInstaller.download(wrongSha, repository, jars, null, ProgressListener.NONE)).getMessage()
			.contains("not the published 0000"));
		final EngineInstaller.Candidate wrongSize = new EngineInstaller.Candidate(EngineInstaller.Flavour.CPU,
			"linux64", "linux-x86_64", bytes.length + 1, sha1(jar));
		assertTrue(assertThrows(MedXaiException.class,
			() -> EngineInstaller.download(wrongSize, repository, jars, null, ProgressListener.NONE)).getMessage()
			.contains("not the " + (bytes.length + 1) + " published"));
		final EngineInstaller.Candidate right = new EngineInstaller.Candidate(EngineInstaller.Flavour.CPU, "linux64",
			"linux-x86_64", bytes.length, sha1(jar));
		final AtomicBoolean cancel = new AtomicBoolean(true);
		assertThrows(CancelledException.class,
			() -> EngineInstaller.download(right, repository, jars, null, listener(new ArrayList<>(), cancel)));
		final EngineInstaller.Candidate missing = new EngineInstaller.Candidate(EngineInstaller.Flavour.CPU, "win64",
			"win-x86_64", bytes.length, sha1(jar));
		assertTrue(assertThrows(MedXaiException.class,
			() -> EngineInstaller.download(missing, repository, jars, null, ProgressListener.NONE)).getMessage()
			.contains("HTTP 404"));
		try (Stream<Path> left = Files.list(jars)) {
			assertEquals(List.of(), left.toList());
		}
	}

	@Test
	void notEnoughDiskIsSaidBeforeAnythingIsWritten() {
		final EngineInstaller.Candidate huge = new EngineInstaller.Candidate(EngineInstaller.Flavour.CUDA, "linux64",
			"linux-x86_64", Long.MAX_VALUE / 8, "0".repeat(40));
		final MedXaiException e = assertThrows(MedXaiException.class,
			() -> EngineInstaller.download(huge, "http://127.0.0.1:9", temp, null, ProgressListener.NONE));
		assertTrue(e.getMessage().startsWith("Not enough disk space for the download"), e.getMessage());
	}

	@Test
	void cudaNeedsLinuxOrWindowsAnNvidiaGpuAndARecentDriver() {
		final List<EngineInstaller.Gpu> gpus = EngineInstaller
			.gpus(command -> "NVIDIA H100 80GB HBM3, 550.54.15\nNVIDIA H100 80GB HBM3, 550.54.15\n");
		assertEquals(2, gpus.size());
		assertEquals(new EngineInstaller.Gpu("NVIDIA H100 80GB HBM3", "550.54.15"), gpus.get(0));
		assertTrue(EngineInstaller.cudaProblem("linux64", gpus).isEmpty());
		assertTrue(EngineInstaller.cudaProblem("macos-arm64", gpus).orElseThrow().contains("Linux and Windows"));
		assertTrue(EngineInstaller.cudaProblem("linux64", EngineInstaller.gpus(command -> null)).orElseThrow()
			.startsWith("No NVIDIA GPU found"));
		final List<EngineInstaller.Gpu> old = List.of(new EngineInstaller.Gpu("Tesla K80", "470.82.01"));
		assertTrue(EngineInstaller.cudaProblem("linux64", old).orElseThrow()
			.contains("470.82.01 (Tesla K80) is too " + "old for CUDA 12.4: it needs 525.60.13"));
		assertTrue(EngineInstaller.cudaProblem("win64", List.of(new EngineInstaller.Gpu("RTX", "527.41"))).isEmpty());
		assertTrue(EngineInstaller.compareVersions("525.60.13", "525.60.2") > 0);
	}

	private String serve(final String path, final byte[] body) throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			final boolean found = exchange.getRequestURI().getPath().equals("/maven2/" + path);
			exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				if (found) out.write(body);
			}
		});
		server.start();
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/";
	}

	private static ProgressListener listener(final List<String> statuses, final AtomicBoolean cancel) {
		return new ProgressListener() {

			@Override
			public void progress(final int done, final int total, final String status) {
				statuses.add(status);
			}

			@Override
			public boolean isCancelled() {
				return cancel.get();
			}
		};
	}

	private static String sha1(final Path file) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
	}
}

package org.medxai.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;

/**
 * The PyTorch engine's natives in a Fiji installation: which one is installed (CPU or CUDA, version, platform), and
 * installing another — downloaded from Maven Central with progress and size and SHA-1 checks, or from a jar file the
 * user has — as {@code jars/pytorch-native-<flavour>-<platform>-<version>.jar}, the stable name the update site uses,
 * in {@code jars/} itself (never {@code jars/<platform>/}, where Fiji-Latest's module path would refuse the jar's
 * module name). One natives jar at a time: installing one removes the other flavour's, since DJL takes the first it
 * finds on the class path. Takes effect at the next start of Fiji.
 */
public final class EngineInstaller {

	/** The PyTorch version MedXAI's engine (DJL 0.32.0, pytorch-jni 2.5.1-0.32.0) runs with. */
	public static final String PYTORCH_VERSION = "2.5.1";
	/** Where the natives are downloaded from; a system property may name a mirror. */
	public static final String REPOSITORY_PROPERTY = "medxai.engine.repository";
	public static final String MAVEN_CENTRAL = "https://repo1.maven.org/maven2";
	/** Extracted natives take about this many times the jar's size in the engine's cache folder. */
	static final int EXTRACTION_FACTOR = 4;
	/** CUDA 12 runs on drivers from these versions on (NVIDIA's minor-version compatibility for CUDA 12.x). */
	static final String MIN_DRIVER_LINUX = "525.60.13", MIN_DRIVER_WINDOWS = "527.41";

	private static final String PROPERTIES = "native/lib/pytorch.properties";
	private static final Pattern NATIVES_JAR = Pattern.compile("pytorch-native-.*\\.jar");
	private static final Pattern LEADING_NUMBER = Pattern.compile("^\\d+");

	/** The engine's flavour. */
	public enum Flavour {

		CPU("cpu"), CUDA("cu124");

		public final String key;

		Flavour(final String key) {
			this.key = key;
		}

		public String artifact() {
			return "pytorch-native-" + key;
		}
	}

	/**
	 * A natives jar published on Maven Central for {@link #PYTORCH_VERSION}: its platform (Fiji's name and DJL's
	 * classifier), size and SHA-1 as published.
	 */
	public record Candidate(Flavour flavour, String platform, String classifier, long size, String sha1) {

		/** The path below the repository root. */
		public String repositoryPath() {
			final String artifact = flavour.artifact();
			return "ai/djl/pytorch/" + artifact + "/" + PYTORCH_VERSION + "/" + artifact + "-" + PYTORCH_VERSION + "-" +
				classifier + ".jar";
		}

		/** The name it is installed under in jars/ (as on the update site). */
		public String installedName() {
			return EngineInstaller.installedName(flavour.key, platform);
		}
	}

	/** Every natives jar on Maven Central for this engine: no Intel Mac, no Linux ARM build of 2.5.1. */
	public static final List<Candidate> CANDIDATES = List.of(
		new Candidate(Flavour.CPU, "linux64", "linux-x86_64", 109_602_264L, "331cda53d80ea082ae2346b275b60cbdd3f9500f"),
		new Candidate(Flavour.CPU, "win64", "win-x86_64", 74_825_102L, "2173244d7bf92a7f283b1eb3c3264ec2cb880f82"),
		new Candidate(Flavour.CPU, "macos-arm64", "osx-aarch64", 38_583_789L,
			"219f89d2ed84554dfd1223e90b1e2167620ef597"),
		new Candidate(Flavour.CUDA, "linux64", "linux-x86_64", 2_457_619_283L,
			"8f0b78003d66f4ffee5c979fdfa64d0350d0d127"),
		new Candidate(Flavour.CUDA, "win64", "win-x86_64", 2_379_816_247L, "7f3ed635c499020c4b3521e2f2a1ad0484c4656e"));

	/** An installed natives jar, as its own properties describe it. */
	public record InstalledEngine(Path jar, String flavour, String version, String classifier) {

		public boolean isCuda() {
			return flavour.startsWith("cu");
		}

		public String describe() {
			return (isCuda() ? "CUDA (" + flavour + ")" : "CPU") + ", PyTorch " + version + ", " + classifier + ": " +
				jar.getFileName();
		}
	}

	private EngineInstaller() {}

	/** The name of a natives jar in jars/: {@code pytorch-native-<flavour>-<platform>-<version>.jar}. */
	public static String installedName(final String flavour, final String platform) {
		return "pytorch-native-" + flavour + "-" + platform + "-" + PYTORCH_VERSION + ".jar";
	}

	/** Fiji's name for the platform of {@code os.name}/{@code os.arch}; null where Fiji has none. */
	public static String platform(final String osName, final String osArch) {
		final String os = osName.toLowerCase(Locale.ROOT), arch = osArch.toLowerCase(Locale.ROOT);
		final boolean arm = arch.equals("aarch64") || arch.equals("arm64");
		final boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		final String family = os.startsWith("linux")
			? "linux"
			: os.startsWith("mac") ? "macos" : os.startsWith("windows") ? "win" : null;
		if (family == null || !arm && !x64) return null;
		return family + (arm ? "-arm64" : "64");
	}

	/** This machine's platform in Fiji's names. */
	public static String currentPlatform() {
		return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	/** The natives jar of a flavour for a platform, or why there is none. */
	public static Candidate candidate(final Flavour flavour, final String platform) {
		for (final Candidate c : CANDIDATES) if (c.flavour() == flavour && c.platform().equals(platform)) return c;
		if (flavour == Flavour.CUDA) {
			throw new MedXaiException(
				"There is no CUDA engine for " + platform + ": PyTorch's CUDA natives exist for " +
					"Linux and Windows on x86-64 with an NVIDIA GPU. The CPU engine runs everywhere MedXAI does.");
		}
		throw new MedXaiException("Maven Central has no PyTorch " + PYTORCH_VERSION + " natives for " + platform +
			" (there are for linux64, win64 and macos-arm64). Install a natives jar you have with source=file.");
	}

	/** The natives jars in a jars folder (and its sub-folders, which Fiji also puts on the class path). */
	public static List<InstalledEngine> installed(final Path jarsFolder) throws IOException {
		final List<InstalledEngine> found = new ArrayList<>();
		if (!Files.isDirectory(jarsFolder)) return found;
		try (Stream<Path> files = Files.walk(jarsFolder, 2)) {
			for (final Path jar : files.filter(f -> NATIVES_JAR.matcher(f.getFileName().toString()).matches()).sorted()
				.toList())
			{
				try {
					found.add(inspect(jar));
				}
				catch (final MedXaiException e) {
					// a jar named like natives but without their properties is not an engine
				}
			}
		}
		return found;
	}

	/** What a natives jar holds, from its {@code native/lib/pytorch.properties}; a clear error for anything else. */
	public static InstalledEngine inspect(final Path jar) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			final ZipEntry entry = zip.getEntry(PROPERTIES);
			if (entry == null) {
				throw new MedXaiException(jar.getFileName() + " is not a PyTorch natives jar (it has no " + PROPERTIES +
					"). Choose a pytorch-native-cpu or pytorch-native-cu124 jar.");
			}
			final Properties properties = new Properties();
			try (InputStream in = zip.getInputStream(entry)) {
				properties.load(in);
			}
			final String version = properties.getProperty("version", "").replaceFirst("-.*", "");
			return new InstalledEngine(jar, properties.getProperty("flavor", "?"), version,
				properties.getProperty("classifier", "?"));
		}
		catch (final IOException e) {
			throw new MedXaiException(jar.getFileName() + " cannot be read as a jar (" + e.getMessage() + ").", e);
		}
	}

	/**
	 * Installs a natives jar into {@code jarsFolder} for {@code platform}: checked (PyTorch natives, the engine's
	 * version, this platform), copied under its stable name, then the other natives jars removed. Returns what is now
	 * installed and the names removed.
	 */
	public static Installation install(final Path jar, final Path jarsFolder, final String platform)
		throws IOException
	{
		return install(jar, jarsFolder, platform, false);
	}

	/** As {@link #install(Path, Path, String)}; {@code move} takes the file itself (a download) instead of a copy. */
	public static Installation install(final Path jar, final Path jarsFolder, final String platform, final boolean move)
		throws IOException
	{
		final InstalledEngine engine = inspect(jar);
		if (!engine.version().equals(PYTORCH_VERSION)) {
			throw new MedXaiException(jar.getFileName() + " holds PyTorch " + engine.version() + "; MedXAI's engine " +
				"needs PyTorch " + PYTORCH_VERSION + " natives.");
		}
		final String expected = classifier(platform);
		if (!engine.classifier().equals(expected)) {
			throw new MedXaiException(jar.getFileName() + " is built for " + engine.classifier() + ", but this is " +
				platform + " (" + expected + ").");
		}
		Files.createDirectories(jarsFolder);
		final Path target = jarsFolder.resolve(installedName(engine.flavour(), platform));
		final List<String> removed = new ArrayList<>();
		if (move) Files.move(jar, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		else if (!Files.exists(target) || !Files.isSameFile(jar, target)) {
			requireSpace(jarsFolder, Files.size(jar), "the natives jar");
			final Path part = jarsFolder.resolve(target.getFileName() + ".part");
			Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		for (final InstalledEngine other : installed(jarsFolder)) {
			if (Files.isSameFile(other.jar(), target)) continue;
			Files.delete(other.jar());
			removed.add(jarsFolder.relativize(other.jar()).toString());
		}
		return new Installation(inspect(target), removed);
	}

	/** The outcome of an installation. */
	public record Installation(InstalledEngine engine, List<String> removed) {}

	/** DJL's classifier of a Fiji platform name. */
	static String classifier(final String platform) {
		return switch (platform == null ? "" : platform) {
			case "linux64" -> "linux-x86_64";
			case "linux-arm64" -> "linux-aarch64";
			case "macos-arm64" -> "osx-aarch64";
			case "macos64" -> "osx-x86_64";
			case "win64" -> "win-x86_64";
			default -> throw new MedXaiException("MedXAI's engine does not run on this platform (" + platform + ").");
		};
	}

	/**
	 * Downloads a candidate into {@code folder} from {@code repository} (Maven layout): refuses when the disk cannot
	 * hold it and its extracted libraries, reports progress in bytes, stops on cancel, and checks the size and the
	 * SHA-1 published with it; a failed or stopped download leaves nothing behind. Returns the downloaded file.
	 */
	public static Path download(final Candidate candidate, final String repository, final Path folder,
		final Path cacheFolder, final ProgressListener progress) throws IOException
	{
		Files.createDirectories(folder);
		requireSpace(folder, candidate.size(), "the download");
		if (cacheFolder != null) {
			Files.createDirectories(cacheFolder);
			requireSpace(cacheFolder, EXTRACTION_FACTOR * candidate.size(), "the engine's extracted libraries");
		}
		final URI uri = URI.create(repository.replaceAll("/+$", "") + "/" + candidate.repositoryPath());
		final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(20)).build();
		final HttpResponse<InputStream> response;
		try {
			response = client.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot reach " + uri.getHost() + " (" + e.getMessage() + "). Without a " +
				"network, download " + candidate.repositoryPath().replaceFirst(".*/", "") + " elsewhere and install " +
				"it with source=file.", e);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException("download interrupted");
		}
		final Path part = folder.resolve(candidate.installedName() + ".download");
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new MedXaiException("Downloading " + uri + " failed: HTTP " + response.statusCode() + ".");
			}
			final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			long read = 0;
			try (InputStream in = new DigestInputStream(body, sha1); OutputStream out = Files.newOutputStream(part)) {
				final byte[] buffer = new byte[1 << 16];
				int n;
				long reported = 0;
				while ((n = in.read(buffer)) > 0) {
					out.write(buffer, 0, n);
					read += n;
					if (read - reported >= 1 << 20 || read == candidate.size()) {
						reported = read;
						progress.progress((int) Math.min(Integer.MAX_VALUE, read >> 20),
							(int) Math.max(1, candidate.size() >> 20),
							String.format(Locale.ROOT, "downloading %s: %d of %d MB", candidate.installedName(),
								read >> 20, candidate.size() >> 20));
					}
					if (progress.isCancelled() || Thread.currentThread().isInterrupted()) {
						throw new CancelledException("download stopped at " + (read >> 20) + " MB");
					}
				}
			}
			if (read != candidate.size()) {
				throw new MedXaiException("The download of " + candidate.installedName() + " is " + read + " bytes, " +
					"not the " + candidate.size() + " published: nothing installed. Try again.");
			}
			final String digest = HexFormat.of().formatHex(sha1.digest());
			if (!digest.equals(candidate.sha1())) {
				throw new MedXaiException("The download of " + candidate.installedName() + " has SHA-1 " + digest +
					", not the published " + candidate.sha1() + ": nothing installed.");
			}
			return part;
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		catch (final IOException | RuntimeException e) {
			Files.deleteIfExists(part);
			throw e;
		}
	}

	/** Refuses with a clear message when {@code folder}'s disk has less than {@code bytes} free. */
	public static void requireSpace(final Path folder, final long bytes, final String what) throws IOException {
		final long free = Files.getFileStore(folder).getUsableSpace();
		if (free < bytes) {
			throw new MedXaiException(String.format(Locale.ROOT,
				"Not enough disk space for %s: %d MB needed in %s, %d MB free. Free some space and try again.", what,
				bytes >> 20, folder, free >> 20));
		}
	}

	/** An NVIDIA GPU as {@code nvidia-smi} reports it. */
	public record Gpu(String name, String driver) {}

	/**
	 * The NVIDIA GPUs {@code nvidia-smi} lists (empty when it is missing or fails); {@code run} runs a command and
	 * returns its output, or null when it cannot.
	 */
	public static List<Gpu> gpus(final Function<List<String>, String> run) {
		final String output = run
			.apply(List.of("nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"));
		final List<Gpu> gpus = new ArrayList<>();
		if (output == null) return gpus;
		for (final String line : output.split("\\R")) {
			final int comma = line.lastIndexOf(',');
			if (comma > 0) gpus.add(new Gpu(line.substring(0, comma).trim(), line.substring(comma + 1).trim()));
		}
		return gpus;
	}

	/** Why the CUDA engine cannot run here, or empty when it can. */
	public static Optional<String> cudaProblem(final String platform, final List<Gpu> gpus) {
		if (platform == null || !platform.equals("linux64") && !platform.equals("win64")) {
			return Optional.of("The CUDA engine runs on Linux and Windows (x86-64) with an NVIDIA GPU; this is " +
				platform + ". The CPU engine is the one for this machine.");
		}
		if (gpus.isEmpty()) {
			return Optional.of("No NVIDIA GPU found (nvidia-smi is missing or lists none). Install the NVIDIA " +
				"driver first, or keep the CPU engine.");
		}
		final String minimum = platform.equals("win64") ? MIN_DRIVER_WINDOWS : MIN_DRIVER_LINUX;
		final Gpu gpu = gpus.get(0);
		if (compareVersions(gpu.driver(), minimum) < 0) {
			return Optional.of("The NVIDIA driver " + gpu.driver() + " (" + gpu.name() + ") is too old for CUDA 12.4:" +
				" it needs " + minimum + " or newer. Update the driver, or keep the CPU engine.");
		}
		return Optional.empty();
	}

	/** Compares dotted version numbers part by part. */
	static int compareVersions(final String a, final String b) {
		final String[] x = a.split("\\."), y = b.split("\\.");
		for (int i = 0; i < Math.max(x.length, y.length); i++) {
			final int c = Long.compare(number(x, i), number(y, i));
			if (c != 0) return c;
		}
		return 0;
	}

	private static long number(final String[] parts, final int i) {
		if (i >= parts.length) return 0;
		final Matcher m = LEADING_NUMBER.matcher(parts[i].trim());
		return m.find() ? Long.parseLong(m.group()) : 0;
	}

	/** Runs a short command and returns its output, or null when it is missing, fails or hangs. */
	public static String runCommand(final List<String> command) {
		Path output = null;
		try {
			output = Files.createTempFile("medxai-command", ".txt");
			final Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile()).start();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			return process.exitValue() == 0 ? Files.readString(output) : null;
		}
		catch (final IOException e) {
			return null;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			if (output != null) try {
				Files.deleteIfExists(output);
			}
			catch (final IOException e) {
				// a temporary file left behind is harmless
			}
		}
	}
}

package org.medxai.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.medxai.MedXaiException;
import org.scijava.util.FileUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Fiji update site as the updater reads it: {@code db.xml.gz} (one {@code <plugin>} per file, keyed by its name with
 * the version stripped, SciJava's rule) and one object per file version named {@code <filename>-<timestamp>}.
 * Publishing reads the site's previous {@code db.xml.gz}: a file whose name and checksum are unchanged keeps its
 * version and timestamp; a changed one gets the new publish timestamp and its earlier versions stay listed as
 * {@code previous-version} (else users' older copies would count as locally modified and never be updated); a file no
 * longer published is kept as obsolete (no current version), so updaters remove it.
 */
public final class UpdateSite {

	public static final String DB = "db.xml.gz";
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	/**
	 * One file to publish.
	 *
	 * @param filename where it goes in the Fiji folder, with its version (e.g. {@code jars/medxai-0.1.0.jar})
	 * @param platforms the platforms it installs on (none: every platform)
	 * @param dependencies filenames of other published files it needs
	 */
	public record Entry(String filename, Path source, List<String> platforms, String description,
		List<String> dependencies)
	{}

	public record Version(String filename, String checksum, String timestamp, long filesize) {}

	/** An earlier version of a file, and when a newer one replaced it. */
	public record Previous(String filename, String checksum, String timestamp, String timestampObsolete) {}

	/**
	 * One file of the site, by its stripped name; {@code current} null when it is obsolete.
	 *
	 * @param dependencies filename → timestamp of each file it needs
	 */
	public record Plugin(String key, Version current, List<Previous> previous, List<String> platforms,
		String description, Map<String, String> dependencies)
	{}

	/** What a publish did: file names new, updated (with a new version), unchanged and made obsolete. */
	public record Report(String timestamp, List<String> added, List<String> updated, List<String> unchanged,
		List<String> obsolete)
	{}

	private UpdateSite() {}

	/** A file's identity on a site: its name without version, as the updater strips it. */
	public static String key(final String filename) {
		return FileUtils.stripFilenameVersion(filename);
	}

	/** The object a version is stored as: {@code <filename>-<timestamp>}, spaces escaped. */
	public static String objectName(final String filename, final String timestamp) {
		return filename.replace(" ", "%20") + "-" + timestamp;
	}

	/**
	 * Writes the site for {@code entries} into {@code site} (objects and {@code db.xml.gz}), extending the previous
	 * database {@code previousDb} (null or absent: a first publish). The timestamp is {@code now} in UTC, moved past
	 * every timestamp the previous database holds.
	 */
	public static Report publish(final List<Entry> entries, final Path previousDb, final Path site, final Instant now) {
		final Map<String, Plugin> before = previousDb != null && Files.isRegularFile(previousDb)
			? read(previousDb)
			: Map.of();
		final String timestamp = after(TIMESTAMP.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)), before);
		final Map<String, Entry> byKey = new LinkedHashMap<>();
		for (final Entry entry : entries) {
			final Entry clash = byKey.put(key(entry.filename()), entry);
			if (clash != null)
				throw new MedXaiException("Two files of the site have the same name without version (" +
					key(entry.filename()) + "): " + clash.filename() + " and " + entry.filename() + ".");
		}
		final Map<String, Plugin> after = new LinkedHashMap<>();
		final List<String> added = new ArrayList<>(), updated = new ArrayList<>(), unchanged = new ArrayList<>(),
			obsolete = new ArrayList<>();
		for (final Map.Entry<String, Entry> e : byKey.entrySet()) {
			final Entry entry = e.getValue();
			final String checksum = UpdaterChecksum.of(entry.source(), entry.filename());
			final long size = size(entry.source());
			final Plugin old = before.get(e.getKey());
			final List<Previous> previous = new ArrayList<>(old == null ? List.of() : old.previous());
			Version current = new Version(entry.filename(), checksum, timestamp, size);
			if (old == null) added.add(entry.filename());
			else
				if (old.current() != null && old.current().checksum().equals(checksum) &&
					old.current().filename().equals(entry.filename()))
				{
					current = old.current();
					unchanged.add(entry.filename());
				}
				else {
					if (old.current() != null) previous.add(retired(old.current(), timestamp));
					updated.add(entry.filename());
				}
			after.put(e.getKey(), new Plugin(e.getKey(), current, previous, entry.platforms(), entry.description(),
				new LinkedHashMap<>()));
		}
		for (final Plugin old : before.values()) {
			if (after.containsKey(old.key())) continue;
			final List<Previous> previous = new ArrayList<>(old.previous());
			if (old.current() != null) {
				previous.add(retired(old.current(), timestamp));
				obsolete.add(old.current().filename());
			}
			after.put(old.key(), new Plugin(old.key(), null, previous, old.platforms(), old.description(), Map.of()));
		}
		for (final Entry entry : byKey.values()) {
			final Map<String, String> dependencies = after.get(key(entry.filename())).dependencies();
			for (final String dependency : entry.dependencies()) {
				final Plugin needed = after.get(key(dependency));
				if (needed == null || needed.current() == null)
					throw new MedXaiException(
						entry.filename() + " depends on " + dependency + ", which the site does not publish.");
				dependencies.put(needed.current().filename(), needed.current().timestamp());
			}
		}
		try {
			Files.createDirectories(site);
			for (final Entry entry : byKey.values()) {
				final Version v = after.get(key(entry.filename())).current();
				final Path object = site.resolve(objectName(v.filename(), v.timestamp()));
				Files.createDirectories(object.getParent());
				Files.copy(entry.source(), object, StandardCopyOption.REPLACE_EXISTING);
			}
			write(after.values(), site.resolve(DB));
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the update site in " + site + ": " + e.getMessage(), e);
		}
		return new Report(timestamp, added, updated, unchanged, obsolete);
	}

	private static Previous retired(final Version version, final String timestamp) {
		return new Previous(version.filename(), version.checksum(), version.timestamp(), timestamp);
	}

	/** {@code timestamp}, or one second after the latest timestamp of the previous database if it is not later. */
	private static String after(final String timestamp, final Map<String, Plugin> before) {
		String latest = "";
		for (final Plugin p : before.values()) {
			if (p.current() != null && p.current().timestamp().compareTo(latest) > 0) latest = p.current().timestamp();
			for (final Previous v : p.previous()) {
				if (v.timestamp().compareTo(latest) > 0) latest = v.timestamp();
				if (v.timestampObsolete().compareTo(latest) > 0) latest = v.timestampObsolete();
			}
		}
		if (timestamp.compareTo(latest) > 0) return timestamp;
		return TIMESTAMP.format(LocalDateTime.parse(latest, TIMESTAMP).plusSeconds(1));
	}

	private static long size(final Path file) {
		try {
			return Files.size(file);
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/** The plugins of a site's {@code db.xml.gz}, by key. */
	public static Map<String, Plugin> read(final Path dbGz) {
		final Document document;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dbGz))) {
			final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			factory.setExpandEntityReferences(false);
			final DocumentBuilder builder = factory.newDocumentBuilder();
			document = builder.parse(in);
		}
		catch (final IOException | SAXException | ParserConfigurationException e) {
			throw new MedXaiException("Cannot read the update site database " + dbGz + ": " + e.getMessage(), e);
		}
		final Map<String, Plugin> plugins = new LinkedHashMap<>();
		final NodeList list = document.getDocumentElement().getElementsByTagName("plugin");
		for (int i = 0; i < list.getLength(); i++) {
			final Element plugin = (Element) list.item(i);
			final String filename = plugin.getAttribute("filename");
			Version current = null;
			String description = "";
			final Map<String, String> dependencies = new LinkedHashMap<>();
			final List<String> platforms = new ArrayList<>();
			final List<Previous> previous = new ArrayList<>();
			for (Node n = plugin.getFirstChild(); n != null; n = n.getNextSibling()) {
				if (!(n instanceof Element child)) continue;
				switch (child.getTagName()) {
					case "platform" -> platforms.add(child.getTextContent().trim());
					case "version" -> {
						current = new Version(filename, child.getAttribute("checksum"), child.getAttribute("timestamp"),
							Long.parseLong(child.getAttribute("filesize")));
						for (Node d = child.getFirstChild(); d != null; d = d.getNextSibling()) {
							if (!(d instanceof Element detail)) continue;
							if (detail.getTagName().equals("description")) description = detail.getTextContent();
							if (detail.getTagName().equals("dependency"))
								dependencies.put(detail.getAttribute("filename"), detail.getAttribute("timestamp"));
						}
					}
					case "previous-version" -> previous
						.add(new Previous(child.hasAttribute("filename") ? child.getAttribute("filename") : filename,
							child.getAttribute("checksum"), child.getAttribute("timestamp"),
							child.getAttribute("timestamp-obsolete")));
					default -> {
					}
				}
			}
			plugins.put(key(filename),
				new Plugin(key(filename), current, previous, platforms, description, dependencies));
		}
		return plugins;
	}

	private static void write(final Iterable<Plugin> plugins, final Path dbGz) throws IOException {
		final Path partial = dbGz.resolveSibling(dbGz.getFileName() + ".partial");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial));
			Writer xml = new OutputStreamWriter(out, StandardCharsets.UTF_8))
		{
			xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
			xml.write(DTD);
			xml.write("<pluginRecords>\n");
			for (final Plugin p : plugins) {
				final String filename = p.current() != null
					? p.current().filename()
					: p.previous().get(p.previous().size() - 1).filename();
				xml.write(" <plugin filename=\"" + escape(filename) + "\">\n");
				for (final String platform : p.platforms())
					xml.write("  <platform>" + escape(platform) + "</platform>\n");
				if (p.current() != null) {
					final Version v = p.current();
					xml.write("  <version checksum=\"" + v.checksum() + "\" timestamp=\"" + v.timestamp() +
						"\" filesize=\"" + v.filesize() + "\">\n");
					if (!p.description().isEmpty())
						xml.write("   <description>" + escape(p.description()) + "</description>\n");
					for (final Map.Entry<String, String> d : p.dependencies().entrySet())
						xml.write("   <dependency filename=\"" + escape(d.getKey()) + "\" timestamp=\"" + d.getValue() +
							"\"/>\n");
					xml.write("   <author>MedXAI</author>\n");
					xml.write("  </version>\n");
				}
				for (final Previous v : p.previous())
					xml.write("  <previous-version timestamp=\"" + v.timestamp() + "\" timestamp-obsolete=\"" +
						v.timestampObsolete() + "\" checksum=\"" + v.checksum() + "\" filename=\"" +
						escape(v.filename()) + "\"/>\n");
				xml.write(" </plugin>\n");
			}
			xml.write("</pluginRecords>\n");
		}
		Files.move(partial, dbGz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static String escape(final String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** The document type the updater's uploader validates against, inline as its own writer puts it. */
	private static final String DTD = """
		<!DOCTYPE pluginRecords [
		<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>
		<!ELEMENT update-site EMPTY>
		<!ELEMENT disabled-update-site EMPTY>
		<!ELEMENT plugin (platform*, category*, version?, previous-version*)>
		<!ELEMENT version (description?, dependency*, link*, author*)>
		<!ELEMENT previous-version EMPTY>
		<!ELEMENT description (#PCDATA)>
		<!ELEMENT dependency EMPTY>
		<!ELEMENT link (#PCDATA)>
		<!ELEMENT author (#PCDATA)>
		<!ELEMENT platform (#PCDATA)>
		<!ELEMENT category (#PCDATA)>
		<!ATTLIST update-site name CDATA #REQUIRED>
		<!ATTLIST update-site url CDATA #REQUIRED>
		<!ATTLIST update-site ssh-host CDATA #IMPLIED>
		<!ATTLIST update-site upload-directory CDATA #IMPLIED>
		<!ATTLIST update-site description CDATA #IMPLIED>
		<!ATTLIST update-site maintainer CDATA #IMPLIED>
		<!ATTLIST update-site timestamp CDATA #REQUIRED>
		<!ATTLIST disabled-update-site name CDATA #REQUIRED>
		<!ATTLIST disabled-update-site url CDATA #REQUIRED>
		<!ATTLIST disabled-update-site ssh-host CDATA #IMPLIED>
		<!ATTLIST disabled-update-site upload-directory CDATA #IMPLIED>
		<!ATTLIST disabled-update-site description CDATA #IMPLIED>
		<!ATTLIST disabled-update-site maintainer CDATA #IMPLIED>
		<!ATTLIST disabled-update-site timestamp CDATA #REQUIRED>
		<!ATTLIST plugin update-site CDATA #IMPLIED>
		<!ATTLIST plugin filename CDATA #REQUIRED>
		<!ATTLIST plugin executable CDATA #IMPLIED>
		<!ATTLIST dependency filename CDATA #REQUIRED>
		<!ATTLIST dependency timestamp CDATA #IMPLIED>
		<!ATTLIST dependency overrides CDATA #IMPLIED>
		<!ATTLIST version timestamp CDATA #REQUIRED>
		<!ATTLIST version checksum CDATA #REQUIRED>
		<!ATTLIST version filesize CDATA #REQUIRED>
		<!ATTLIST previous-version filename CDATA #IMPLIED>
		<!ATTLIST previous-version timestamp CDATA #REQUIRED>
		<!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>
		<!ATTLIST previous-version checksum CDATA #REQUIRED>
		]>
		""";
}

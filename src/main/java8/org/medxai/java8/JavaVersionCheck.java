package org.medxai.java8;

import java.awt.GraphicsEnvironment;

import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

import org.scijava.Priority;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * Compiled for Java 8 (the one class that is), so that a Fiji on Java 8 (Fiji-Stable) that got MedXAI from its update
 * site says once, at start, what is wrong — instead of a class-version error at every MedXAI command.
 */
@Plugin(type = Service.class, priority = Priority.HIGH)
public class JavaVersionCheck extends AbstractService {

	/** The Java feature version MedXAI is compiled for. */
	static final int NEEDED = 21;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void initialize() {
		final String problem = problem(System.getProperty("java.specification.version"));
		if (problem == null) return;
		if (log != null) log.error(problem);
		else System.err.println(problem);
		if (!GraphicsEnvironment.isHeadless()) SwingUtilities.invokeLater(
			() -> JOptionPane.showMessageDialog(null, problem, "MedXAI", JOptionPane.WARNING_MESSAGE));
	}

	/** The message for a Java whose specification version is {@code version} ("1.8", "21"), or null when it will do. */
	static String problem(final String version) {
		final int feature = feature(version);
		if (feature >= NEEDED) return null;
		return "MedXAI needs Fiji-Latest (Java " + NEEDED + " or newer), but this Fiji runs Java " + version +
			". Its commands will not start here. Download Fiji-Latest from https://fiji.sc, or remove the MedXAI " +
			"update site (Help > Update... > Manage Update Sites).";
	}

	private static int feature(final String version) {
		if (version == null) return 0;
		final String v = version.startsWith("1.") ? version.substring(2) : version;
		int end = 0;
		while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
		return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
	}
}

package org.medxai.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

import org.medxai.MedXaiException;
import org.medxai.ij1.FijiLinkedImages;
import org.medxai.ui.ShapExplorer;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Tables>Open MedXAI SHAP Explorer: the interactive SHAP panel for a clinical table whose rows name
 * images. Marked headless so that, without a display, it says clearly what to use instead (Explain Table with MedXAI
 * SHAP) rather than being hidden.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Tables>Open MedXAI SHAP Explorer")
public class OpenShapExplorerCommand extends MedXaiCommand {

	@Parameter(label = "Table (CSV or TSV)", style = FileWidget.OPEN_STYLE, required = false,
		description = "Optional: open it at once (the explorer can open another).")
	private File table_file;

	@Parameter(label = "Image folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Where the rows' images are; empty: only images already open are linked.")
	private File image_folder;

	@Override
	protected void execute() {
		if (GraphicsEnvironment.isHeadless())
			throw new MedXaiException(
				"The SHAP explorer needs a display; in headless macros use Explain Table with MedXAI SHAP.");
		SwingUtilities.invokeLater(() -> {
			final ShapExplorer explorer = new ShapExplorer(
				new FijiLinkedImages(image_folder == null ? null : image_folder.toPath()));
			explorer.setLocationByPlatform(true);
			explorer.setVisible(true);
			if (table_file != null) {
				try {
					explorer.openTable(table_file.toPath());
				}
				catch (final MedXaiException e) {
					JOptionPane.showMessageDialog(explorer, e.getMessage(), "MedXAI", JOptionPane.ERROR_MESSAGE);
				}
			}
		});
	}
}

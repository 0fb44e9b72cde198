package org.medxai.ui;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.swing.BorderFactory;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.table.AbstractTableModel;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;
import org.medxai.tabular.DelimitedTable;
import org.medxai.tabular.ImageLinkPattern;
import org.medxai.tabular.ModelKind;
import org.medxai.tabular.ShapAnalysis;
import org.medxai.tabular.ShapExplainer;
import org.medxai.tabular.ShapPlots;
import org.medxai.tabular.ShapResult;
import org.medxai.tabular.TableNote;
import org.medxai.tabular.TabularDataset;
import org.medxai.tabular.TabularLearner;
import org.medxai.tabular.Task;

/**
 * The SHAP explorer window: open a table, choose target, features, ID and model, then fit and explain in the background
 * (progress, cancel). Rows with prediction and truth on the left; selecting one shows its waterfall and its linked
 * images; beeswarm, bar and dependence plots in tabs; export of plots (PNG) and SHAP values (CSV).
 */
public final class ShapExplorer extends JFrame {

	private static final long serialVersionUID = 1L;

	private final transient LinkedImages images;
	private transient DelimitedTable table;
	private transient ShapAnalysis.Outcome outcome;
	private transient SwingWorker<ShapAnalysis.Outcome, Integer> worker;
	private final AtomicBoolean cancelled = new AtomicBoolean();

	private final JLabel tableLabel = new JLabel("No table");
	private final JComboBox<String> target = new JComboBox<>();
	private final JComboBox<String> idColumn = new JComboBox<>();
	private final JComboBox<String> task = new JComboBox<>(new String[] { "auto", "regression", "classification" });
	private final JComboBox<String> model = new JComboBox<>(
		new String[] { ModelKind.RANDOM_FOREST.key, ModelKind.GRADIENT_BOOSTING.key, ModelKind.LINEAR.key });
	private final JSpinner trees = new JSpinner(new SpinnerNumberModel(TabularLearner.DEFAULT_TREES, 1, 5000, 50));
	private final JSpinner folds = new JSpinner(new SpinnerNumberModel(ShapAnalysis.DEFAULT_FOLDS, 0, 20, 1));
	private final JSpinner shapRows = new JSpinner(
		new SpinnerNumberModel(ShapExplainer.DEFAULT_MAX_ROWS, 0, Integer.MAX_VALUE, 500));
	private final JCheckBox logOdds = new JCheckBox("log-odds");
	private final JTextField pattern = new JTextField(ImageLinkPattern.DEFAULT, 10);
	private final DefaultListModel<String> featureModel = new DefaultListModel<>();
	private final JList<String> features = new JList<>(featureModel);
	private final JButton fit = new JButton("Fit and explain");
	private final JButton cancel = new JButton("Cancel");
	private final JProgressBar progress = new JProgressBar(0, 1000);
	private final JLabel status = new JLabel(" ");
	private final RowsModel rowsModel = new RowsModel();
	private final JTable rows = new JTable(rowsModel);
	private final PlotPanel waterfall = new PlotPanel();
	private final PlotPanel beeswarm = new PlotPanel();
	private final PlotPanel bar = new PlotPanel();
	private final PlotPanel dependence = new PlotPanel();
	private final JComboBox<String> dependenceFeature = new JComboBox<>();
	private final JComboBox<String> dependenceColour = new JComboBox<>();
	private final JTabbedPane tabs = new JTabbedPane();
	private final JTextArea notes = new JTextArea();

	public ShapExplorer(final LinkedImages images) {
		super("MedXAI SHAP Explorer");
		this.images = images == null ? LinkedImages.NONE : images;
		setDefaultCloseOperation(DISPOSE_ON_CLOSE);
		setLayout(new BorderLayout());
		add(controls(), BorderLayout.NORTH);
		features.setVisibleRowCount(5);
		features.setToolTipText("Feature columns (none selected: every column but the target and the ID)");
		final JScrollPane list = new JScrollPane(features);
		list.setBorder(BorderFactory.createTitledBorder("Features (none selected: all)"));
		final JSplitPane left = new JSplitPane(JSplitPane.VERTICAL_SPLIT, list, new JScrollPane(rows));
		left.setResizeWeight(0.2);
		final JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, left, plots());
		split.setResizeWeight(0.3);
		add(split, BorderLayout.CENTER);
		final JPanel south = new JPanel(new BorderLayout(6, 0));
		south.setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));
		south.add(status, BorderLayout.CENTER);
		progress.setStringPainted(true);
		south.add(progress, BorderLayout.EAST);
		add(south, BorderLayout.SOUTH);
		rows.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
		rows.setAutoCreateRowSorter(true);
		rows.getSelectionModel().addListSelectionListener(e -> {
			if (!e.getValueIsAdjusting()) rowSelected();
		});
		fit.addActionListener(e -> fitAndExplain());
		cancel.addActionListener(e -> cancelled.set(true));
		cancel.setEnabled(false);
		dependenceFeature.addActionListener(e -> showDependence());
		dependenceColour.addActionListener(e -> showDependence());
		setSize(1280, 820);
	}

	private JPanel controls() {
		final JButton open = new JButton("Open table…");
		open.addActionListener(e -> chooseTable());
		final JPanel first = row(open, tableLabel);
		final JPanel second = row(new JLabel("Target"), target, new JLabel("Task"), task, new JLabel("ID column"),
			idColumn, new JLabel("Image names"), pattern);
		final JButton savePlots = new JButton("Save plots…");
		savePlots.addActionListener(e -> savePlots());
		final JButton saveValues = new JButton("Save SHAP values…");
		saveValues.addActionListener(e -> saveValues());
		final JPanel third = row(new JLabel("Model"), model, new JLabel("Trees"), trees, new JLabel("CV folds"), folds,
			new JLabel("SHAP rows"), shapRows, logOdds, fit, cancel, savePlots, saveValues);
		shapRows.setToolTipText("Rows explained at most: a seeded sample of larger tables; 0: every row");
		pattern.setToolTipText("File names of a row's images: {id} is the row's ID, * any text");
		target.addActionListener(e -> targetChanged());
		final JPanel p = new JPanel(new GridLayout(3, 1));
		p.setBorder(BorderFactory.createEmptyBorder(4, 4, 4, 4));
		p.add(first);
		p.add(second);
		p.add(third);
		return p;
	}

	private static JPanel row(final Component... components) {
		final JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
		for (final Component c : components) row.add(c);
		return row;
	}

	private JTabbedPane plots() {
		tabs.addTab("Waterfall", waterfall);
		tabs.addTab("Beeswarm", beeswarm);
		tabs.addTab("Bar", bar);
		final JPanel dep = new JPanel(new BorderLayout());
		final JPanel choose = new JPanel(new FlowLayout(FlowLayout.LEFT));
		choose.add(new JLabel("Feature"));
		choose.add(dependenceFeature);
		choose.add(new JLabel("coloured by"));
		choose.add(dependenceColour);
		dep.add(choose, BorderLayout.NORTH);
		dep.add(dependence, BorderLayout.CENTER);
		tabs.addTab("Dependence", dep);
		notes.setEditable(false);
		notes.setLineWrap(true);
		notes.setWrapStyleWord(true);
		tabs.addTab("Notes", new JScrollPane(notes));
		return tabs;
	}

	private void chooseTable() {
		final JFileChooser chooser = new JFileChooser();
		chooser.setDialogTitle("Open a CSV or TSV table");
		if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
			try {
				openTable(chooser.getSelectedFile().toPath());
			}
			catch (final MedXaiException e) {
				error(e.getMessage());
			}
		}
	}

	/** Loads a table and offers its columns; the last column is proposed as target. */
	public void openTable(final Path file) {
		table = DelimitedTable.read(file);
		tableLabel
			.setText(file.getFileName() + ": " + table.rows().size() + " rows, " + table.columns().size() + " columns");
		target.setModel(new DefaultComboBoxModel<>(table.columns().toArray(String[]::new)));
		final List<String> ids = new ArrayList<>(List.of("(row number)"));
		ids.addAll(table.columns());
		idColumn.setModel(new DefaultComboBoxModel<>(ids.toArray(String[]::new)));
		target.setSelectedIndex(table.columns().size() - 1);
		targetChanged();
	}

	/** Chooses the target, ID column (null: row numbers) and model as a user would. */
	public void choose(final String targetColumn, final String id, final ModelKind kind, final int treeCount,
		final int foldCount)
	{
		target.setSelectedItem(targetColumn);
		idColumn.setSelectedItem(id == null ? "(row number)" : id);
		model.setSelectedItem(kind.key);
		trees.setValue(treeCount);
		folds.setValue(foldCount);
	}

	private void targetChanged() {
		if (table == null) return;
		featureModel.clear();
		for (final String c : table.columns()) if (!c.equals(target.getSelectedItem())) featureModel.addElement(c);
	}

	/** Starts fitting and explaining off the event thread. */
	public void fitAndExplain() {
		if (table == null) {
			error("Open a table first.");
			return;
		}
		final TabularDataset data;
		try {
			final String id = idColumn.getSelectedIndex() <= 0 ? null : (String) idColumn.getSelectedItem();
			final List<String> chosen = new ArrayList<>(features.getSelectedValuesList());
			chosen.remove(id);
			final String t = (String) task.getSelectedItem();
			data = TabularDataset.of(table, (String) target.getSelectedItem(), chosen, id,
				"auto".equals(t) ? null : Task.parse(t));
			new ImageLinkPattern(pattern.getText());
		}
		catch (final MedXaiException e) {
			error(e.getMessage());
			return;
		}
		showNotes(data.reading().notes());
		final ShapAnalysis.Settings settings = new ShapAnalysis.Settings(
			ModelKind.parse((String) model.getSelectedItem()), (Integer) trees.getValue(), (Integer) folds.getValue(),
			2026, new ShapExplainer.Settings(100, 2048, 2026, logOdds.isSelected(), (Integer) shapRows.getValue()));
		cancelled.set(false);
		fit.setEnabled(false);
		cancel.setEnabled(true);
		status.setText("Working on " + data.rows() + " rows…");
		worker = new SwingWorker<>() {

			@Override
			protected ShapAnalysis.Outcome doInBackground() {
				return ShapAnalysis.run(data, settings, new ProgressListener() {

					@Override
					public void progress(final int done, final int total, final String message) {
						setProgress(Math.min(100, (int) (100.0 * done / Math.max(1, total))));
						SwingUtilities.invokeLater(() -> {
							progress.setValue((int) (1000.0 * done / Math.max(1, total)));
							progress.setString(message);
						});
					}

					@Override
					public boolean isCancelled() {
						return cancelled.get();
					}
				});
			}

			@Override
			protected void done() {
				fit.setEnabled(true);
				cancel.setEnabled(false);
				try {
					show(get());
				}
				catch (final ExecutionException e) {
					final Throwable cause = e.getCause();
					if (cause instanceof CancelledException) status.setText("Cancelled; nothing changed.");
					else if (cause instanceof MedXaiException m) error(m.getMessage());
					else error("Fitting failed: " + cause);
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		};
		worker.execute();
	}

	/** Asks the running fit to stop (as the Cancel button does). */
	public void requestCancel() {
		cancelled.set(true);
	}

	/** True while a fit runs. */
	public boolean isWorking() {
		return worker != null && !worker.isDone();
	}

	public String statusText() {
		return status.getText();
	}

	/** Waits for the running fit (for scripts and tests). */
	public ShapAnalysis.Outcome awaitResult() throws InterruptedException, ExecutionException {
		return worker.get();
	}

	private void show(final ShapAnalysis.Outcome o) {
		outcome = o;
		final ShapResult r = o.shap();
		rowsModel.fireTableStructureChanged();
		final String metrics = o.validation() == null ? "no cross-validation" : o.validation().summary();
		showNotes(o.notes());
		status.setText(o.model().description() + " — " + metrics + " — " + r.method() + " of " + r.output() +
			(o.warnings() > 0
				? " — " + o.warnings() + " warning" + (o.warnings() == 1 ? "" : "s") + " (Notes tab)"
				: ""));
		progress.setValue(1000);
		progress.setString("done");
		final int[] rank = r.ranking();
		final String[] names = new String[rank.length];
		for (int i = 0; i < rank.length; i++) names[i] = r.features().get(rank[i]);
		dependenceFeature.setModel(new DefaultComboBoxModel<>(names));
		dependenceColour.setModel(new DefaultComboBoxModel<>(names));
		if (names.length > 1) dependenceColour.setSelectedIndex(1);
		beeswarm.show((w, h) -> ShapPlots.beeswarm(r, 20, w, h));
		bar.show((w, h) -> ShapPlots.bar(r, 20, w, h));
		showDependence();
		if (r.rows() > 0) rows.setRowSelectionInterval(0, 0);
	}

	/** How the table was read (format, task, cells read as missing, columns left out), one note a line. */
	private void showNotes(final List<TableNote> list) {
		final StringBuilder sb = new StringBuilder();
		for (final TableNote note : list) sb.append(note.line()).append('\n');
		notes.setText(sb.toString());
		notes.setCaretPosition(0);
	}

	/** The Notes tab's text (for tests). */
	public String notesText() {
		return notes.getText();
	}

	private void showDependence() {
		if (outcome == null || dependenceFeature.getSelectedIndex() < 0) return;
		final ShapResult r = outcome.shap();
		final int f = r.features().indexOf((String) dependenceFeature.getSelectedItem());
		final int colour = Math.max(0, r.features().indexOf((String) dependenceColour.getSelectedItem()));
		dependence.show((w, h) -> ShapPlots.dependence(r, f, colour, w, h));
	}

	private void rowSelected() {
		final int view = rows.getSelectedRow();
		if (outcome == null || view < 0) return;
		final int row = rows.convertRowIndexToModel(view);
		final ShapResult r = outcome.shap();
		waterfall.show((w, h) -> ShapPlots.waterfall(r, row, 12, w, h));
		final String linked;
		try {
			linked = images.show(r.data().ids()[row], new ImageLinkPattern(pattern.getText()));
		}
		catch (final MedXaiException e) {
			error(e.getMessage());
			return;
		}
		if (linked != null && !linked.isEmpty()) status.setText(linked);
	}

	/** Selects a row (model order) as a click would. */
	public void selectRow(final int row) {
		final int view = rows.convertRowIndexToView(row);
		rows.setRowSelectionInterval(view, view);
	}

	/** The plots currently shown, by tab name (for export and tests). */
	public Map<String, BufferedImage> plotImages() {
		final Map<String, BufferedImage> map = new LinkedHashMap<>();
		if (waterfall.hasPlot()) map.put("waterfall", waterfall.image());
		if (beeswarm.hasPlot()) map.put("beeswarm", beeswarm.image());
		if (bar.hasPlot()) map.put("bar", bar.image());
		if (dependence.hasPlot()) map.put("dependence", dependence.image());
		return map;
	}

	public ShapAnalysis.Outcome outcome() {
		return outcome;
	}

	public void showTab(final String name) {
		for (int i = 0; i < tabs.getTabCount(); i++)
			if (tabs.getTitleAt(i).equalsIgnoreCase(name)) tabs.setSelectedIndex(i);
	}

	private void savePlots() {
		if (outcome == null) {
			error("Fit and explain first.");
			return;
		}
		final JFileChooser chooser = new JFileChooser();
		chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
		chooser.setDialogTitle("Folder for the SHAP plots");
		if (chooser.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) return;
		try {
			for (final var e : plotImages().entrySet())
				ImageIO.write(e.getValue(), "png", new File(chooser.getSelectedFile(), "shap_" + e.getKey() + ".png"));
			status.setText("Plots saved in " + chooser.getSelectedFile());
		}
		catch (final IOException e) {
			error("Cannot save the plots: " + e.getMessage());
		}
	}

	private void saveValues() {
		if (outcome == null) {
			error("Fit and explain first.");
			return;
		}
		final JFileChooser chooser = new JFileChooser();
		chooser.setSelectedFile(new File("shap_values.csv"));
		if (chooser.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) return;
		try {
			ShapAnalysis.writeShapValues(outcome.shap(), chooser.getSelectedFile().toPath());
			status.setText("SHAP values saved to " + chooser.getSelectedFile());
		}
		catch (final IOException e) {
			error("Cannot save the SHAP values: " + e.getMessage());
		}
	}

	private void error(final String message) {
		status.setText(message);
		if (isShowing()) JOptionPane.showMessageDialog(this, message, "MedXAI", JOptionPane.ERROR_MESSAGE);
	}

	/** Rows: ID, truth, prediction (the explained output) and explained class. */
	private final class RowsModel extends AbstractTableModel {

		private static final long serialVersionUID = 1L;

		@Override
		public int getRowCount() {
			return outcome == null ? 0 : outcome.shap().rows();
		}

		@Override
		public int getColumnCount() {
			return outcome != null && outcome.shap().data().task() == Task.CLASSIFICATION ? 5 : 4;
		}

		@Override
		public String getColumnName(final int c) {
			return switch (c) {
				case 0 -> "row";
				case 1 -> "id";
				case 2 -> "truth";
				case 3 -> outcome == null ? "prediction" : outcome.shap().output();
				default -> "explained class";
			};
		}

		@Override
		public Class<?> getColumnClass(final int c) {
			return c == 0 ? Integer.class : c == 3 ? Double.class : String.class;
		}

		@Override
		public Object getValueAt(final int row, final int c) {
			final ShapResult r = outcome.shap();
			return switch (c) {
				case 0 -> r.data().tableRows()[row];
				case 1 -> r.data().ids()[row];
				case 2 -> r.truth(row);
				case 3 -> Double.valueOf(String.format(Locale.ROOT, "%.6g", r.prediction()[row]));
				default -> r.explainedClassName(row);
			};
		}
	}
}

package org.medxai.tabular;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.ProgressListener;

import smile.base.cart.CART;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.LeafNode;
import smile.base.cart.Loss;
import smile.base.cart.Node;
import smile.base.cart.NominalNode;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.base.cart.SplitRule;
import smile.classification.Classifier;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.vector.ValueVector;
import smile.math.MathEx;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;
import smile.regression.RegressionTree;
import smile.util.IterativeAlgorithmController;

/**
 * Fits Smile's random forest and gradient boosting and copies the fitted trees into a {@link TreeEnsemble}, so that
 * predictions and SHAP values are computed by the project's own code on exactly Smile's trees. Smile keeps split values
 * in package-private fields; they are read once by reflection, and the copy is checked against Smile's own predictions
 * on the training rows.
 */
public final class SmileTreeModels {

	private static final String RESPONSE = "__medxai_target__";
	private static final double COPY_TOLERANCE = 1e-9;

	private SmileTreeModels() {}

	/** Options shared by both tree families; zero means Smile's default. */
	public record Options(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
		long seed)
	{

		public static Options forest(final int trees, final long seed) {
			return new Options(trees, 20, 0, 0, 0, 1.0, seed);
		}

		public static Options boosting(final int trees, final long seed) {
			return new Options(trees, 20, 6, 5, 0.05, 0.7, seed);
		}
	}

	public static TreeEnsembleModel fit(final ModelKind kind, final TabularDataset data, final Options options) {
		return fit(kind, data, options, ProgressListener.NONE);
	}

	/**
	 * Fits with progress per tree; cancelling stops the fit after the trees being grown (a {@link CancelledException}).
	 */
	public static TreeEnsembleModel fit(final ModelKind kind, final TabularDataset data, final Options options,
		final ProgressListener progress)
	{
		try {
			return fitTrees(kind, data, options, progress);
		}
		catch (final RuntimeException e) {
			if (progress.isCancelled()) throw new CancelledException("Fitting cancelled.");
			throw e;
		}
	}

	private static TreeEnsembleModel fitTrees(final ModelKind kind, final TabularDataset data, final Options options,
		final ProgressListener progress)
	{
		final DataFrame frame = frame(data);
		final Formula formula = Formula.lhs(RESPONSE);
		final int n = data.rows();
		final int p = data.features();
		final TreeEnsemble ensemble;
		final String description;
		final Object fitted;
		if (kind == ModelKind.RANDOM_FOREST) {
			final long[] seeds = new Random(options.seed()).longs(options.trees()).toArray();
			final int nodeSize = options.nodeSize() > 0
				? options.nodeSize()
				: data.task() == Task.CLASSIFICATION ? 1 : 5;
			final int maxNodes = options.maxNodes() > 0 ? options.maxNodes() : Math.max(2, n / nodeSize);
			if (data.task() == Task.REGRESSION) {
				final int mtry = Math.max(1, p / 3);
				final var model = RandomForest.fit(formula, frame,
					new RandomForest.Options(options.trees(), mtry, options.maxDepth(), maxNodes, nodeSize,
						options.subsample(), seeds, new TreeProgress<>(options.trees(), progress)));
				fitted = model;
				final CART[] trees = model.trees();
				final double[] weight = new double[trees.length];
				Arrays.fill(weight, 1.0 / trees.length);
				ensemble = new TreeEnsemble(flatten(trees, 1, null), weight, filled(trees.length, -1), new double[1],
					TreeEnsemble.Link.IDENTITY);
				check(ensemble, data, x -> new double[] { model.predict(Tuple.of(frame.schema(), withResponse(x))) });
			}
			else {
				final int k = data.classes().size();
				final int mtry = Math.max(1, (int) Math.floor(Math.sqrt(p)));
				final var model = smile.classification.RandomForest.fit(formula, frame,
					new smile.classification.RandomForest.Options(options.trees(), mtry, SplitRule.GINI,
						options.maxDepth(), maxNodes, nodeSize, options.subsample(), null, seeds,
						new TreeProgress<>(options.trees(), progress)));
				fitted = model;
				final CART[] trees = model.trees();
				final double[] weight = new double[trees.length];
				double total = 0;
				for (int t = 0; t < trees.length; t++) total += weight[t] = model.models()[t].weight();
				for (int t = 0; t < trees.length; t++) weight[t] /= total;
				ensemble = new TreeEnsemble(flatten(trees, k, model.classes()), weight, filled(trees.length, -1),
					new double[k], TreeEnsemble.Link.IDENTITY);
				check(ensemble, data, x -> expand(model.classes(), k, posteriori(model, frame, x)));
			}
			description = "random forest (" + options.trees() + " trees)";
		}
		else if (kind == ModelKind.GRADIENT_BOOSTING) {
			MathEx.setSeed(options.seed());
			if (data.task() == Task.REGRESSION) {
				final var model = GradientTreeBoost.fit(formula, frame,
					new GradientTreeBoost.Options(Loss.ls(), options.trees(), options.maxDepth(), options.maxNodes(),
						options.nodeSize(), options.shrinkage(), options.subsample(), null,
						new TreeProgress<>(options.trees(), progress)));
				fitted = model;
				final CART[] trees = model.trees();
				final double[] weight = new double[trees.length];
				Arrays.fill(weight, options.shrinkage());
				ensemble = new TreeEnsemble(flatten(trees, 1, null), weight, filled(trees.length, -1),
					new double[] { privateDouble(model, "b") }, TreeEnsemble.Link.IDENTITY);
				check(ensemble, data, x -> new double[] { model.predict(Tuple.of(frame.schema(), withResponse(x))) });
			}
			else {
				final int k = data.classes().size();
				final var model = smile.classification.GradientTreeBoost.fit(formula, frame,
					new smile.classification.GradientTreeBoost.Options(options.trees(), options.maxDepth(),
						options.maxNodes(), options.nodeSize(), options.shrinkage(), options.subsample(), null,
						new TreeProgress<>(options.trees(), progress)));
				fitted = model;
				if (model.numClasses() != k)
					throw new MedXaiException("Every class needs training rows; " + "the training rows hold " +
						model.numClasses() + " of the " + k + " classes.");
				final List<FlatTree> flat = new ArrayList<>();
				final List<Integer> outputs = new ArrayList<>();
				final double[] bias;
				final TreeEnsemble.Link link;
				if (k == 2) {
					for (final CART tree : model.trees()[0]) {
						flat.add(flatten(tree, 1, null));
						outputs.add(0);
					}
					bias = new double[] { privateDouble(model, "b") };
					link = TreeEnsemble.Link.LOGISTIC_2X;
				}
				else {
					final RegressionTree[][] perClass = model.trees();
					for (int c = 0; c < k; c++) for (final CART tree : perClass[c]) {
						flat.add(flatten(tree, 1, null));
						outputs.add(c);
					}
					bias = new double[k];
					link = TreeEnsemble.Link.SOFTMAX;
				}
				final double[] weight = new double[flat.size()];
				Arrays.fill(weight, options.shrinkage());
				ensemble = new TreeEnsemble(flat.toArray(FlatTree[]::new), weight,
					outputs.stream().mapToInt(Integer::intValue).toArray(), bias, link);
				check(ensemble, data, x -> posteriori(model, frame, x));
			}
			description = "gradient boosting (" + options.trees() + " trees, shrinkage " + options.shrinkage() + ")";
		}
		else throw new IllegalArgumentException("not a tree model: " + kind);
		return new TreeEnsembleModel(kind, data.task(), data.classes(), ensemble, description, fitted);
	}

	private static double[] posteriori(final Classifier<Tuple> model, final DataFrame frame, final double[] x) {
		final double[] p = new double[model.numClasses()];
		model.predict(Tuple.of(frame.schema(), withResponse(x)), p);
		return p;
	}

	private static double[] expand(final int[] classes, final int k, final double[] smile) {
		final double[] p = new double[k];
		for (int i = 0; i < smile.length; i++) p[classes[i]] = smile[i];
		return p;
	}

	private static DataFrame frame(final TabularDataset data) {
		final List<ValueVector> columns = new ArrayList<>();
		for (int f = 0; f < data.features(); f++) {
			final double[] column = new double[data.rows()];
			for (int i = 0; i < column.length; i++) column[i] = data.x()[i][f];
			columns.add(ValueVector.of("f" + f, column));
		}
		if (data.task() == Task.CLASSIFICATION) columns.add(ValueVector.of(RESPONSE, data.classIndices()));
		else columns.add(ValueVector.of(RESPONSE, data.y().clone()));
		return new DataFrame(columns.toArray(ValueVector[]::new));
	}

	/** Tuples for prediction carry a dummy response, as the frame's schema has one. */
	private static double[] withResponse(final double[] x) {
		return Arrays.copyOf(x, x.length + 1);
	}

	private interface Reference {

		double[] predict(double[] x);
	}

	/**
	 * Smile's per-tree status, turned into progress; a cancel ends the fit by throwing from inside it (the forests grow
	 * trees in parallel and only stop that way).
	 */
	private static final class TreeProgress<T> extends IterativeAlgorithmController<T> {

		private final int trees;
		private final ProgressListener progress;
		private final AtomicInteger done = new AtomicInteger();

		TreeProgress(final int trees, final ProgressListener progress) {
			super(Runnable::run, 1); // nothing is published: no thread pool
			this.trees = trees;
			this.progress = progress;
		}

		@Override
		public void submit(final T status) {
			if (progress.isCancelled()) {
				stop();
				throw new CancelledException("Fitting cancelled.");
			}
			final int d = done.incrementAndGet();
			progress.progress(d, trees, "tree " + d + " of " + trees);
		}
	}

	/** The copy is checked on every training row, or on evenly spaced rows beyond {@value #CHECKED_ROWS}. */
	static final int CHECKED_ROWS = 10_000;

	private static void check(final TreeEnsemble ensemble, final TabularDataset data, final Reference smile) {
		final int step = (data.rows() + CHECKED_ROWS - 1) / CHECKED_ROWS;
		for (int i = 0; i < data.rows(); i += step) {
			final double[] ours = ensemble.predict(data.x()[i]);
			final double[] theirs = smile.predict(data.x()[i]);
			for (int d = 0; d < ours.length; d++)
				if (Math.abs(ours[d] - theirs[d]) > COPY_TOLERANCE * Math.max(1, Math.abs(theirs[d])))
					throw new IllegalStateException(
						"The copy of Smile's trees predicts " + ours[d] + " where Smile predicts " + theirs[d] +
							" (row " + i + ", output " + d + "); this Smile version is not supported.");
		}
	}

	private static FlatTree[] flatten(final CART[] trees, final int k, final int[] classes) {
		final FlatTree[] flat = new FlatTree[trees.length];
		for (int t = 0; t < trees.length; t++) flat[t] = flatten(trees[t], k, classes);
		return flat;
	}

	private static FlatTree flatten(final CART tree, final int k, final int[] classes) {
		final List<Node> nodes = new ArrayList<>();
		collect(tree.root(), nodes);
		final int n = nodes.size();
		final int[] feature = new int[n];
		final double[] threshold = new double[n];
		final boolean[] nominal = new boolean[n];
		final int[] yes = new int[n];
		final int[] no = new int[n];
		final double[] cover = new double[n];
		final double[][] value = new double[n][];
		final IdentityHashMap<Node, Integer> index = new IdentityHashMap<>();
		for (int i = 0; i < n; i++) index.put(nodes.get(i), i);
		for (int i = 0; i < n; i++) {
			final Node node = nodes.get(i);
			cover[i] = node.size();
			if (node instanceof InternalNode internal) {
				feature[i] = internal.feature();
				yes[i] = index.get(internal.trueChild());
				no[i] = index.get(internal.falseChild());
				if (internal instanceof OrdinalNode) threshold[i] = privateDouble(internal, "value");
				else if (internal instanceof NominalNode) {
					threshold[i] = privateField(internal, "value", Integer.class);
					nominal[i] = true;
				}
				else throw new IllegalStateException("Unknown Smile split " + internal.getClass().getName());
			}
			else {
				feature[i] = -1;
				yes[i] = no[i] = -1;
				if (node instanceof RegressionNode leaf) value[i] = new double[] { leaf.output() };
				else if (node instanceof DecisionNode leaf) {
					final double[] smile = leaf.posteriori(new double[classes.length]);
					value[i] = expand(classes, k, smile);
				}
				else throw new IllegalStateException("Unknown Smile leaf " + node.getClass().getName());
			}
		}
		return new FlatTree(feature, threshold, nominal, yes, no, cover, value);
	}

	private static void collect(final Node node, final List<Node> out) {
		out.add(node);
		if (node instanceof InternalNode internal) {
			collect(internal.trueChild(), out);
			collect(internal.falseChild(), out);
		}
		else if (!(node instanceof LeafNode)) throw new IllegalStateException("Unknown Smile node " + node);
	}

	private static double privateDouble(final Object owner, final String name) {
		return privateField(owner, name, Double.class);
	}

	private static <T> T privateField(final Object owner, final String name, final Class<T> type) {
		for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
			try {
				final Field f = c.getDeclaredField(name);
				f.setAccessible(true);
				final Object v = f.get(owner);
				if (type == Double.class) return type.cast(((Number) v).doubleValue());
				if (type == Integer.class) return type.cast(((Number) v).intValue());
				return type.cast(v);
			}
			catch (final NoSuchFieldException e) {
				// look in the superclass
			}
			catch (final ReflectiveOperationException | RuntimeException e) {
				throw new IllegalStateException(
					"Cannot read Smile's field " + name + " of " + owner.getClass().getName(), e);
			}
		}
		throw new IllegalStateException("Smile's " + owner.getClass().getName() + " has no field " + name +
			"; this Smile version is not supported.");
	}

	private static int[] filled(final int n, final int v) {
		final int[] a = new int[n];
		Arrays.fill(a, v);
		return a;
	}
}

package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.optimizer.ReplaceExpressions$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns each invariant's {@code check} into a resolved Catalyst expression over the {@link CutSchema}, on the driver
 * and before any data is read, so that every mistake in an invariants file is reported up front (SPEC §4):
 * syntax errors with their position, unknown variables with the list of known ones, checks that are not boolean.
 */
public final class CheckCompiler {
    private CheckCompiler() {
    }

    public static CompiledChecks compile(SparkSession spark, String source, List<Invariant> invariants, Variables variables) {
        StructType schema = CutSchema.of(variables);
        Dataset<Row> cut = spark.createDataFrame(List.of(), schema);
        List<Expression> expressions = new ArrayList<>();
        List<CheckDependencies> dependencies = new ArrayList<>();
        StructType node = (StructType) ((org.apache.spark.sql.types.ArrayType) schema.apply(CutSchema.NODES).dataType()).elementType();
        List<Attribute> input = null;
        for (Invariant invariant : invariants) {
            LogicalPlan analyzed = analyze(cut, source, invariant, variables);
            Project project = (Project) analyzed;
            Expression expression = ((Alias) project.projectList().head()).child();
            if (!expression.dataType().equals(DataTypes.BooleanType)) {
                throw UserException.usage(where(source, invariant) + ": check must be a boolean expression, but it is of type "
                        + expression.dataType().sql() + ": " + invariant.check());
            }
            expressions.add(expression);
            dependencies.add(CheckDependencies.of(expression, node));
            input = CollectionConverters.asJava(project.child().output());
        }
        return new CompiledChecks(invariants, variables, expressions, dependencies, input);
    }

    private static LogicalPlan analyze(Dataset<Row> cut, String source, Invariant invariant, Variables variables) {
        try {
            Column check = functions.expr(invariant.check()).as("check");
            // Many Spark 4 functions (to_json, nvl, …) are RuntimeReplaceable: evaluable only once the optimizer's
            // ReplaceExpressions rule has swapped in their implementation.
            return ReplaceExpressions$.MODULE$.apply(cut.select(check).queryExecution().analyzed());
        } catch (Exception e) {
            // Scala throws ParseException and AnalysisException without declaring them.
            if (e instanceof ParseException parse) {
                throw UserException.usage(where(source, invariant) + ": check is not valid Spark SQL: " + syntaxError(parse, invariant.check()));
            }
            if (e instanceof AnalysisException analysis) {
                throw UserException.usage(where(source, invariant) + ": " + analysisError(analysis, variables) + "\n  check: " + invariant.check());
            }
            throw UserException.usage(where(source, invariant) + ": check is not valid: " + firstLine(e.getMessage()) + "\n  check: " + invariant.check());
        }
    }

    private static String syntaxError(ParseException e, String check) {
        String message = e.getMessageParameters().getOrDefault("error", null);
        String problem = message == null ? firstLine(e.getSimpleMessage()) : "syntax error at or near " + message;
        scala.Option<Object> position = e.start().startPosition();
        if (position.isEmpty()) {
            return problem + "\n  check: " + check;
        }
        int column = (Integer) position.get();
        return problem + " (position " + (column + 1) + ")\n  check: " + check + "\n         " + " ".repeat(column) + "^";
    }

    private static String analysisError(AnalysisException e, Variables variables) {
        Map<String, String> parameters = e.getMessageParameters();
        String condition = e.getCondition() == null ? "" : e.getCondition();
        if (condition.startsWith("FIELD_NOT_FOUND") || condition.startsWith("INVALID_EXTRACT_FIELD")) {
            String field = unquote(parameters.getOrDefault("fieldName", parameters.getOrDefault("extraction", "?")));
            return "unknown variable '" + field + "'; known variables: " + known(variables);
        }
        if (condition.startsWith("UNRESOLVED_COLUMN")) {
            String name = unquote(parameters.getOrDefault("objectName", "?"));
            return "unknown name '" + name + "'; a check sees nodes, key, hlc and time, and the variables "
                    + known(variables) + " as fields of each node, e.g. exists(nodes, n -> n."
                    + (variables.size() == 0 ? "x" : variables.name(0)) + " IS NOT NULL)";
        }
        return "check is not valid: " + firstLine(e.getSimpleMessage());
    }

    private static String known(Variables variables) {
        if (variables.size() == 0) {
            return "(none: no event sets a variable)";
        }
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < variables.size(); i++) {
            names.add(variables.name(i));
        }
        return names.toString();
    }

    private static String unquote(String name) {
        return name.replace("`", "");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.replaceAll("^\\[[A-Z_.]+\\] ", "").replaceAll("\\.? SQLSTATE: \\w+.*$", "");
    }

    private static String where(String source, Invariant invariant) {
        return source + ": invariant '" + invariant.name() + "'";
    }
}

package io.sluice.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import com.hubspot.jinjava.tree.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Jinja rendering for sync templates and plugin request templates. A template is parsed once
 * ({@link #compile}) and rendered per record; errors come back as a {@link TemplateException} with the
 * message and line, never as a crash.
 */
public final class TemplateRenderer {
    private final Jinjava jinjava;

    public TemplateRenderer() {
        this(List.of());
    }

    /** @param filters custom filters a plugin registers (available in every template this renderer compiles) */
    public TemplateRenderer(List<Filter> filters) {
        JinjavaConfig config = JinjavaConfig.newBuilder().withFailOnUnknownTokens(false).build();
        this.jinjava = new Jinjava(config);
        // Templates come from sync files and settings: they must not read files or class-path resources
        // ({% include 'application.properties' %} would put configuration, secrets included, into a payload).
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new ResourceNotFoundException("templates cannot include or import other files ('" + name + "')");
        });
        filters.forEach(f -> jinjava.getGlobalContext().registerFilter(f));
    }

    /**
     * Parses a template once.
     *
     * @throws TemplateException when the template does not parse (message and line)
     */
    public Compiled compile(String name, String template) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        Node tree = interpreter.parse(template);
        // jinjava reports an unclosed '{{', '{%' or '{#' only as a WARNING and keeps the rest as literal text, which
        // would then be sent as is for every record: at parse time a syntax error of any severity rejects the template
        throwIf(name, interpreter.getErrors(), e -> e.getSeverity() == TemplateError.ErrorType.FATAL
                || e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR);
        return new Compiled(name, tree);
    }

    private static void throwOnFatal(String name, List<TemplateError> errors) {
        throwIf(name, errors, e -> e.getSeverity() == TemplateError.ErrorType.FATAL);
    }

    private static void throwIf(String name, List<TemplateError> errors, Predicate<TemplateError> rejects) {
        List<TemplateError> fatal = errors.stream().filter(rejects).toList();
        if (!fatal.isEmpty()) {
            TemplateError first = fatal.get(0);
            throw new TemplateException(name, first.getMessage(), first.getLineno(),
                    fatal.stream().map(e -> e.getMessage() + where(e))
                            .collect(Collectors.joining("; ")));
        }
    }

    /** " (line 2, character 8)" for an error that has a position, else "". */
    private static String where(TemplateError e) {
        if (e.getLineno() <= 0) {
            return "";
        }
        return " (line " + e.getLineno() + (e.getStartPosition() > 0 ? ", character " + e.getStartPosition() : "") + ")";
    }

    /** A parsed template, rendered many times. Thread-safe: each render has its own interpreter. */
    public final class Compiled {
        private final String name;
        private final Node tree;

        private Compiled(String name, Node tree) {
            this.name = name;
            this.tree = tree;
        }

        /**
         * Renders with the given variables.
         *
         * @throws TemplateException with the fatal errors' messages and the first one's line
         */
        public String render(Map<String, ?> bindings) {
            JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext(), bindings),
                    jinjava.getGlobalConfig());
            JinjavaInterpreter.pushCurrent(interpreter);
            try {
                String out = interpreter.render(tree);
                throwOnFatal(name, interpreter.getErrors());
                return out;
            } catch (TemplateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TemplateException(name, String.valueOf(e.getMessage()), -1, String.valueOf(e.getMessage()));
            } finally {
                JinjavaInterpreter.popCurrent();
            }
        }
    }
}

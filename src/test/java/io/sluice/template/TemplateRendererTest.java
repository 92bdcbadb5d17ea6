package io.sluice.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    /** A plugin's own filter: Salesforce-style 18-character ids from 15-character ones (here: just upper-case + suffix). */
    static final class SfIdFilter implements Filter {
        @Override
        public String getName() {
            return "sfid";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return String.valueOf(var).toUpperCase() + "AAA";
        }
    }

    @Test
    void aPluginRegistersFiltersThatEveryCompiledTemplateCanUse() {
        TemplateRenderer renderer = new TemplateRenderer(List.of(new SfIdFilter()));
        TemplateRenderer.Compiled url = renderer.compile("url", "https://x.example.com/{{ object }}/{{ app_identifier | sfid }}");
        assertThat(url.render(Map.of("object", "Contact", "app_identifier", "003abc"))).isEqualTo("https://x.example.com/Contact/003ABCAAA");
    }

    @Test
    void oneCompiledTemplateRendersConcurrentlyWithItsOwnVariables() throws Exception {
        TemplateRenderer.Compiled t = new TemplateRenderer().compile("body", "{\"id\": \"{{ row.id }}\", \"n\": {{ row.n * 2 }}}");
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> out = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> t.render(Map.of("row", Map.of("id", "r" + i, "n", i))))).toList();
            for (int i = 0; i < 200; i++) {
                assertThat(out.get(i).get()).isEqualTo("{\"id\": \"r" + i + "\", \"n\": " + (i * 2) + "}");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void syntaxErrorsAreReportedAtCompileTimeWithTheLine() {
        assertThatThrownBy(() -> new TemplateRenderer().compile("sync 'x'", "line one\n{% if row.a %}\nno endif"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("template 'sync 'x''")
                .satisfies(e -> assertThat(((TemplateException) e).line()).isPositive());
    }

    @Test
    void anUnclosedExpressionTagOrCommentIsRejectedInsteadOfBeingSentAsText() {
        for (String template : List.of("{\"n\": \"{{ row.name \"}", "{\"a\": 1,\n{% if row.a %", "{{ row.a }} {# note")) {
            assertThatThrownBy(() -> new TemplateRenderer().compile("body", template)).as(template)
                    .isInstanceOf(TemplateException.class).hasMessageContaining("Unclosed")
                    .satisfies(e -> assertThat(((TemplateException) e).line()).isPositive());
        }
        assertThat(new TemplateRenderer().compile("body", "{% raw %}{{ not closed {% endraw %}").render(Map.of())).isEqualTo("{{ not closed ");
    }

    @Test
    void renderErrorsNameTheTemplateAndLine() {
        TemplateRenderer.Compiled t = new TemplateRenderer().compile("body", "{\"a\": 1,\n \"b\": {{ nofn(row.x) }}}");
        assertThatThrownBy(() -> t.render(Map.of("row", Map.of("x", 1))))
                .isInstanceOf(TemplateException.class).hasMessageContaining("template 'body' line 2").hasMessageContaining("nofn");
    }

    @Test
    void templatesCannotReadFilesOrClassPathResources() {
        TemplateRenderer.Compiled t = new TemplateRenderer().compile("body", "{% include 'application.properties' %}");
        assertThatThrownBy(() -> t.render(Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("cannot include").hasMessageNotContaining("sluice.warehouses");
    }
}

#!/usr/bin/python3
"""Writes a WordPress export (WXR 1.2) of about MB megabytes to PATH: Polylang translation groups
in en/be/ru, ten categories, one tag for the marker, ~8 KB of HTML per post, each group in a week
of its own per category. Used by tests/checks/wordpress_import_memory.sh (and so by
bench/wordpress_import.sh). Streams: never holds the file."""
import datetime
import sys

def main():
    path, megabytes = sys.argv[1], float(sys.argv[2])
    target = int(megabytes * 1024 * 1024)
    paragraph = ("<p>Over the past week <strong>Lukashenka</strong> returned to the topic of the war; "
                 "<a href=\"https://example.org/x\">a source</a> and <em>emphasis</em>. "
                 "Ўсё яшчэ — «цытата» і 😀 — Всё ещё.</p>\n")
    body = paragraph * 24 + "<ul><li>one</li><li>two</li></ul>"
    markers = [("worse", "The situation got worse"), ("better", "The situation improved"),
               ("unchanged", "The situation has not changed")]
    start = datetime.date(1990, 1, 1)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
                  '<channel>\n<title>Generated</title>\n<link>https://gen.example.org</link>\n'
                  '<language>en-US</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n'
                  '<wp:base_site_url>https://gen.example.org</wp:base_site_url>\n'
                  '<wp:author><wp:author_login><![CDATA[analyst]]></wp:author_login>'
                  '<wp:author_display_name><![CDATA[An Analyst]]></wp:author_display_name></wp:author>\n')
        written = out.tell()
        post_id = 100
        group = 0
        while written < target:
            category = group % 10
            week = group // 10
            day = start + datetime.timedelta(weeks=week)
            slug, tag = markers[group % 3]
            ids = {lang: post_id + i for i, lang in enumerate(("en", "be", "ru"))}
            post_id += 3
            term = "pll_%d" % group
            for lang, pid in ids.items():
                item = (
                    "<item>\n<title><![CDATA[Week %d topic %d (%s)]]></title>\n"
                    "<link>https://gen.example.org/%s/%s/p%d/</link>\n"
                    "<dc:creator><![CDATA[analyst]]></dc:creator>\n"
                    "<content:encoded><![CDATA[%s]]></content:encoded>\n"
                    "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
                    "<wp:post_id>%d</wp:post_id>\n<wp:post_date_gmt>%s 10:00:00</wp:post_date_gmt>\n"
                    "<wp:post_name>p%d</wp:post_name>\n<wp:status>publish</wp:status>\n"
                    "<wp:post_type>post</wp:post_type>\n"
                    "<category domain=\"category\" nicename=\"topic-%d\"><![CDATA[Topic %d]]></category>\n"
                    "<category domain=\"post_tag\" nicename=\"%s\"><![CDATA[%s]]></category>\n"
                    "<category domain=\"language\" nicename=\"%s\"><![CDATA[%s]]></category>\n"
                    "<category domain=\"post_translations\" nicename=\"%s\"><![CDATA[%s]]></category>\n"
                    "</item>\n") % (week, category, lang, lang, day.isoformat(), pid, body, pid, day.isoformat(),
                                    pid, category, category, slug, tag, lang, lang, term, term)
                out.write(item)
            group += 1
            written = out.tell()
        out.write("</channel>\n</rss>\n")

if __name__ == "__main__":
    main()

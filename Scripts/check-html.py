#!/usr/bin/env python3
"""Loads Accord's HTML report in headless Chromium and fails on any problem.

Usage: Scripts/check-html.py OUTPUT_DIR [--sample N]

For index.html, html/parties.html, html/agreements.html, html/programs.html and a sample of document and
party pages (N of each, default 25; 0 means all): the page must load in
headless Chromium with no console message (script errors, blocked loads), the
DOM Chromium builds must have a <title> and an <h1>, and every relative link
must name a file that exists. Exit status 0 when all pages pass, 1 otherwise,
2 when Chromium is missing. Needs chromium (Debian: apt-get install chromium).
"""
import argparse, html.parser, os, re, shutil, subprocess, sys, urllib.parse


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output")
    parser.add_argument("--sample", type=int, default=25)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print("check-html: chromium not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    root = os.path.abspath(args.output)
    pages = [os.path.join(root, p) for p in ("index.html", "html/parties.html", "html/agreements.html", "html/programs.html")]
    for sub in ("html/documents", "html/parties"):
        folder = os.path.join(root, sub)
        names = sorted(n for n in os.listdir(folder) if n.endswith(".html")) if os.path.isdir(folder) else []
        if args.sample > 0 and len(names) > args.sample:
            step = len(names) / args.sample
            names = [names[int(i * step)] for i in range(args.sample)]
        pages += [os.path.join(folder, n) for n in names]
    failures = 0
    for page in pages:
        problems = []
        if not os.path.exists(page):
            problems.append("missing")
        else:
            run = subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                 "--dump-dom", "file://" + page],
                capture_output=True, text=True, timeout=120)
            problems += [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
            links = Links()
            links.feed(run.stdout)
            if "title" not in links.tags or "h1" not in links.tags:
                problems.append("no <title> or <h1> in the DOM Chromium built")
            for link in links.links:
                parts = urllib.parse.urlsplit(link)
                if parts.scheme or link.startswith("#") or not parts.path:
                    if parts.scheme not in ("", "http", "https", "mailto"):
                        problems.append(f"link with scheme {parts.scheme}: {link}")
                    continue
                target = os.path.normpath(os.path.join(os.path.dirname(page), urllib.parse.unquote(parts.path)))
                if not os.path.exists(target):
                    problems.append(f"broken link: {link}")
        status = "ok" if not problems else "FAIL"
        print(f"{status} {os.path.relpath(page, root)}")
        for problem in problems[:10]:
            print("    " + problem)
        failures += bool(problems)
    print(f"{len(pages)} pages, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

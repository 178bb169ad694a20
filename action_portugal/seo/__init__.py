"""What search engines, feed readers and link previews read: descriptions, Open Graph and
JSON-LD (from what each page declares), the sitemap with every language's alternates,
robots.txt, and the feeds the sections offer."""

JSON.stringify({
  scripts: document.querySelectorAll("script").length,
  media: Array.from(
    document.querySelectorAll("img, image, picture, source, video, audio, iframe, object, embed")
  ).map((e) => e.outerHTML.slice(0, 80)),
  links: Array.from(document.querySelectorAll("[href], [src], [action], [formaction]"))
    .map((e) => e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action") || e.getAttribute("formaction"))
    .filter((u) => !u.startsWith("#")),
  handlers: Array.from(document.querySelectorAll("*")).flatMap((e) =>
    Array.from(e.attributes).filter((a) => a.name.startsWith("on")).map((a) => e.tagName + " " + a.name)
  ),
  styles: document.querySelectorAll("link, style").length,
})

// The test app's script on every page: marks Markdown editors so a check can see it ran.
document.querySelectorAll("textarea[data-markdown]").forEach((t) => t.classList.add("has-notes-help"));

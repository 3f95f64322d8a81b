"""Language models, when the user configures one: OpenAI or any compatible server.

Everything here is optional: the offline engine gives complete results alone.
A configured model refines them (labels, summaries, practice advice); every
answer is validated and grounded, and the offline result stands wherever the
model fails.
"""

"""Input and output schemas that the API, the pages and the commands share: each reads a form, a JSON body
or a command's options the same way, with its messages (the API answers them, the pages translate them)."""

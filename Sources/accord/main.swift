import AccordCLI

Accord.runMain()

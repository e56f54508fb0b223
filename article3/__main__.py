from article3.cli import main

main()

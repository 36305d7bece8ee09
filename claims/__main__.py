from claims.cli import app

app()

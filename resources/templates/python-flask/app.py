from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello from a container built with Slipway!\n"


if __name__ == "__main__":
    # Listen on every interface: inside a container, localhost is only the container itself.
    app.run(host="0.0.0.0", port=5000)

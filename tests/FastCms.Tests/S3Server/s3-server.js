// Starts an S3-protocol server on 127.0.0.1 with a free port for the tests, prints {"port": N} as its first line,
// and exits when its standard input closes, so it never outlives the test run that started it.
'use strict';
const S3rver = require('s3rver');

const directory = process.argv[2];
if (!directory) {
  console.error('usage: node s3-server.js <directory>');
  process.exit(2);
}

const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
server.run().then(
  address => console.log(JSON.stringify({ port: address.port })),
  error => {
    console.error(error.message);
    process.exit(1);
  });

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

console.log('hello from a container');

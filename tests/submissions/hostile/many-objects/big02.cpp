// Hostile (with the eleven other bigNN.cpp beside it): each extra source file holds an
// initialised array of 200 MiB, so its object file is 200 MiB; twelve of them would
// write 2.4 GiB into the grader's work folder, twelve compilers at once. Compiles run
// one per usable core, each object may take 64 MiB and a build's objects 256 MiB in
// all, so the build stops there. process.cpp and thread.cpp are the reference's.
// Expected (safe): the build fails, its log names the size cap; every check `error`.
char ptlabs_big_02[200 << 20] = {1};
